import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

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

/** One .dockerignore line: a regex over slash-separated paths, and whether it re-includes. */
interface IgnoreRule {
  readonly regex: RegExp;
  readonly exception: boolean;
}

/**
 * Docker's own semantics (moby/patternmatcher): patterns are cleaned and anchored at the
 * context root, `**` spans folders, and the LAST pattern that matches a path or one of its
 * parent folders decides, so `!docs/keep.txt` re-includes a file inside an ignored `docs`.
 */
function dockerignoreMatcher(contextDir: string): { ignores(rel: string): boolean } {
  const file = path.join(contextDir, ".dockerignore");
  const rules: IgnoreRule[] = [];
  if (fs.existsSync(file)) {
    for (const raw of fs.readFileSync(file, "utf8").split(/\r?\n/)) {
      let line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      const exception = line.startsWith("!");
      if (exception) line = line.slice(1).trim();
      const cleaned = path.posix.normalize(line).replace(/^\/+/, "").replace(/\/+$/, "");
      if (cleaned === "" || cleaned === ".") continue;
      rules.push({ regex: patternToRegex(cleaned), exception });
    }
  }
  return {
    ignores(rel: string): boolean {
      const parts = rel.split("/");
      const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/")); // parents first, then the file
      let ignored = false;
      for (const rule of rules) {
        if (candidates.some((c) => rule.regex.test(c))) ignored = !rule.exception;
      }
      return ignored;
    },
  };
}

/** Go filepath.Match plus `**`, as Docker's patternmatcher compiles it. */
function patternToRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*" && pattern[i + 1] === "*") {
      i++;
      if (pattern[i + 1] === "/") {
        i++;
        out += "(?:.*/)?"; // `**/` also matches no folder at all
      } else out += ".*";
    } else if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else if (ch === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close === -1) out += "\\[";
      else {
        out += `[${pattern.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (ch === "\\" && i + 1 < pattern.length) out += escapeRegex(pattern[++i]);
    else out += escapeRegex(ch);
  }
  return new RegExp(`^${out}$`);
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
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
