import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ignore from "ignore";

/** What goes into an image build, reduced to one content hash. */
export interface ContextFingerprint {
  /** sha256 over every file Docker would send (path, executable bit, content) plus the build inputs. */
  readonly sha256: string;
  /** The files Docker would send, relative, sorted, posix separators. */
  readonly files: string[];
}

/**
 * Hashes a build context the way Docker sees it: files matched by `.dockerignore` are
 * left out, the Dockerfile and `.dockerignore` are always in, and only content, relative
 * path and the executable bit count (never mtimes), so the same code gives the same hash.
 */
export function fingerprintContext(contextDir: string, dockerfile: string, extraInputs: Record<string, unknown>): ContextFingerprint {
  const matcher = dockerignoreMatcher(contextDir);
  const alwaysSent = new Set([toPosix(dockerfile), ".dockerignore"]);
  const files: string[] = [];
  walk(contextDir, "", (rel) => {
    if (alwaysSent.has(rel) || !matcher.ignores(rel)) files.push(rel);
  });
  files.sort();
  const hash = createHash("sha256");
  hash.update(JSON.stringify(sortKeys(extraInputs)) + "\n");
  for (const rel of files) {
    const full = path.join(contextDir, rel);
    const stat = fs.lstatSync(full);
    const body = stat.isSymbolicLink() ? Buffer.from(`symlink:${fs.readlinkSync(full)}`) : fs.readFileSync(full);
    const executable = (stat.mode & 0o111) !== 0 ? "x" : "-";
    hash.update(`${rel}\0${executable}\0${createHash("sha256").update(body).digest("hex")}\n`);
  }
  return { sha256: hash.digest("hex"), files };
}

/**
 * Copies exactly the files Docker would send into a content-addressed folder under the
 * OS temp dir, so the synthesized stack ships a context that matches its hash.
 */
export function stageContext(contextDir: string, fingerprint: ContextFingerprint): string {
  const root = path.join(os.tmpdir(), "docker-iac-contexts");
  const target = path.join(root, fingerprint.sha256);
  if (fs.existsSync(target)) return target;
  const scratch = fs.mkdtempSync(path.join(root + "-"));
  for (const rel of fingerprint.files) {
    const from = path.join(contextDir, rel);
    const to = path.join(scratch, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(from, to, { verbatimSymlinks: true });
  }
  fs.mkdirSync(root, { recursive: true });
  try {
    fs.renameSync(scratch, target);
  } catch (err) {
    // Another synth staged the same content first: theirs is identical.
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw err;
  }
  return target;
}

function dockerignoreMatcher(contextDir: string) {
  const file = path.join(contextDir, ".dockerignore");
  const matcher = ignore();
  if (!fs.existsSync(file)) return matcher;
  for (const raw of fs.readFileSync(file, "utf8").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    // .dockerignore patterns are anchored at the context root; gitignore ones are not.
    const negated = line.startsWith("!");
    const pattern = (negated ? line.slice(1) : line).replace(/^\/+/, "");
    matcher.add(`${negated ? "!" : ""}/${pattern}`);
  }
  return matcher;
}

function walk(root: string, rel: string, visit: (rel: string) => void): void {
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, child, visit);
    else visit(child);
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}
