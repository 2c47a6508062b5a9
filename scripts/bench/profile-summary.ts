// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self
// time and the most inclusive time (self + callees, each function counted once per stack).
// Usage: node -r ./scripts/register-ts.js scripts/bench/profile-summary.ts <file.cpuprofile> [top]
import * as fs from "fs";
import * as path from "path";

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export interface ProfileRow { name: string; selfMs: number; totalMs: number }

function label(frame: CallFrame, root: string): string {
  let where = frame.url.replace(/^file:\/\//, "");
  if (where.startsWith(root)) where = path.relative(root, where);
  const name = frame.functionName || "(anonymous)";
  return where ? `${name} ${where}:${frame.lineNumber + 1}` : name;
}

/** Self and inclusive milliseconds per function, heaviest inclusive first. */
export function summarise(profile: Profile, root = process.cwd()): ProfileRow[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    let id: number | undefined = profile.samples[i];
    const seen = new Set<string>();
    let first = true;
    while (id !== undefined) {
      const node = byId.get(id);
      if (!node) break;
      const key = label(node.callFrame, root);
      if (first) self.set(key, (self.get(key) ?? 0) + ms);
      first = false;
      if (!seen.has(key)) {
        seen.add(key);
        total.set(key, (total.get(key) ?? 0) + ms);
      }
      id = parent.get(id);
    }
  }
  return [...total.entries()]
    .map(([name, totalMs]) => ({ name, totalMs, selfMs: self.get(name) ?? 0 }))
    .sort((a, b) => b.totalMs - a.totalMs);
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error("usage: profile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  const top = Number(topArg ?? "30");
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const rows = summarise(profile);
  const wall = (profile.endTime - profile.startTime) / 1000;
  console.log(`profile wall ${wall.toFixed(0)} ms, ${profile.samples.length} samples`);
  console.log("\nby inclusive time:");
  for (const r of rows.slice(0, top)) console.log(`${r.totalMs.toFixed(0).padStart(7)} ms total ${r.selfMs.toFixed(0).padStart(6)} ms self  ${r.name}`);
  console.log("\nby self time:");
  for (const r of [...rows].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) {
    console.log(`${r.selfMs.toFixed(0).padStart(7)} ms self ${r.totalMs.toFixed(0).padStart(6)} ms total  ${r.name}`);
  }
}

if (require.main === module) main();
