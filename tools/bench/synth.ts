// Row group "synth": synthesizing every example stack (stacks/main.ts), our entry against
// cdktf's default (type-checked ts-node) and the CLI. A is always our entry; each row runs A
// and B alternately, each synth into a fresh outdir (CDKTF_OUTDIR) so runs never share files.
// Finished investigations (ts-node variants, source maps, a cold transform cache) are written
// up in docs/benchmark.md; their rows are gone.
import * as fs from "fs";
import * as path from "path";
import {
  type BenchContext,
  medianMs,
  record,
  type Row,
  run,
  type RunResult,
  seconds,
  series,
  type Series,
  show,
} from "./harness";

const ENTRY = "stacks/main.ts";
const OURS = ["node", "-r", "./tools/dev/register-ts.js", ENTRY];

interface Variant {
  readonly label: string;
  readonly argv: (outdir: string) => string[];
  readonly env?: Record<string, string>;
}

const ours: Variant = { label: "our entry (register-ts, cached SWC)", argv: () => OURS };
const others: { title: string; variant: Variant; note?: string }[] = [
  {
    title: "synth all stacks: ours vs cdktf default (ts-node, type-checked)",
    variant: { label: "npx ts-node (type-checked)", argv: () => ["npx", "ts-node", ENTRY] },
    note: "the app command of cdktf's TypeScript template",
  },
  {
    title: "synth all stacks: ours vs `npx cdktf synth` (the CLI running our entry)",
    variant: { label: "npx cdktf synth", argv: (outdir) => ["npx", "cdktf", "synth", "--output", outdir] },
    note: "the CLI passes its --output to the app as CDKTF_OUTDIR",
  },
];

export async function synthGroup(ctx: BenchContext): Promise<Row[]> {
  fs.mkdirSync(path.join(ctx.tmp, "synth"), { recursive: true }); // cdktf creates only the last level
  let counter = 0;
  let expectedStacks: string | undefined;

  const synthOnce = async (variant: Variant, into: Series): Promise<RunResult> => {
    const outdir = path.join(ctx.tmp, "synth", `out-${++counter}`);
    const result = await run(variant.argv(outdir), {
      env: { ...ctx.env, ...variant.env, CDKTF_OUTDIR: outdir },
      memory: true,
    });
    record(into, result);
    // Outside the clock: the run must have written every stack, the same set each time.
    const stacks = writtenStacks(outdir);
    if (expectedStacks === undefined) expectedStacks = stacks;
    if (stacks !== expectedStacks) {
      throw new Error(`${variant.label} wrote stacks [${stacks}], expected [${expectedStacks}]`);
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    return result;
  };

  const rows: Row[] = others.map(({ title, variant, note }) => ({
    group: "synth",
    title,
    a: series("ours", show(OURS)),
    b: series(variant.label, show(variant.argv("$OUTDIR"), variant.env)),
    notes: note ? [note] : [],
  }));

  // One untimed warm-up of every variant: fills our cache, npx's and the OS page cache.
  ctx.log("synth: warm-up");
  const scratch = series("warm-up", "");
  await synthOnce(ours, scratch);
  for (const { variant } of others) await synthOnce(variant, scratch);

  for (let i = 1; i <= ctx.runs; i++) {
    ctx.log(`synth: run ${i}/${ctx.runs}`);
    for (let r = 0; r < others.length; r++) {
      await synthOnce(ours, rows[r].a);
      await synthOnce(others[r].variant, rows[r].b!);
    }
  }

  const headline = rows[0];
  const a = medianMs(headline.a);
  const speedup = medianMs(headline.b!) / a;
  headline.target = "ours ≤ 0.5 s and ≥ 10× faster than the default";
  headline.verdict = `${a <= 500 ? "met" : "missed"} (${seconds(a)}); ${speedup >= 10 ? "met" : "missed"} (${speedup.toFixed(1)}×)`;
  for (const row of rows.slice(1)) {
    row.verdict = `ours ${(medianMs(row.b!) / medianMs(row.a)).toFixed(1)}× faster`;
  }
  return rows;
}

/** The stacks a synth wrote (from manifest.json), each checked to have its cdk.tf.json. */
function writtenStacks(outdir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  const names = Object.keys(manifest.stacks).sort();
  for (const name of names) {
    const file = path.join(outdir, manifest.stacks[name].synthesizedStackPath);
    if (!fs.existsSync(file)) throw new Error(`synth wrote no ${file}`);
  }
  if (names.length === 0) throw new Error(`synth into ${outdir} wrote no stack`);
  return names.join(",");
}
