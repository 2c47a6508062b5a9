import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import dockerignore from "@balena/dockerignore";

/** What goes into an image build, reduced to one content hash. */
export interface ContextFingerprint {
  /** sha256 over every file Docker would send (path, executable bit, content) plus the build inputs. */
  readonly sha256: string;
  /** The files Docker would send, relative, sorted, posix separators. */
  readonly files: string[];
  /**
   * Those sent as the file a symbolic link leads to, not as the link: the Dockerfile, which
   * `docker build` reads through a link (the CLI resolves it on the host), wherever it points.
   */
  readonly followed: string[];
}

/**
 * Hashes a build context the way Docker sees it: files matched by `.dockerignore` are
 * left out, the Dockerfile and `.dockerignore` are always in, and only content, relative
 * path and the executable bit count (never mtimes), so the same code gives the same hash.
 */
export function fingerprintContext(
  contextDir: string,
  dockerfile: string,
  extraInputs: Record<string, unknown>,
): ContextFingerprint {
  const matcher = dockerignoreMatcher(contextDir);
  const alwaysSent = new Set([toPosix(dockerfile), ".dockerignore"]);
  const files: string[] = [];
  const ignored = (rel: string) => !alwaysSent.has(rel) && matcher.ignores(rel);
  walk(
    contextDir,
    "",
    (rel) => {
      if (!ignored(rel)) files.push(rel);
    },
    ignored,
  );
  files.sort();
  const followed = files.filter(
    (rel) => rel === toPosix(dockerfile) && fs.lstatSync(path.join(contextDir, rel)).isSymbolicLink(),
  );
  const hash = createHash("sha256");
  hash.update(JSON.stringify(sortKeys(extraInputs)) + "\n");
  for (const rel of files) {
    const full = path.join(contextDir, rel);
    const stat = followed.includes(rel) ? fs.statSync(full) : fs.lstatSync(full);
    const body = stat.isSymbolicLink() ? Buffer.from(`symlink:${fs.readlinkSync(full)}`) : readContextFile(full, rel);
    const executable = (stat.mode & 0o111) !== 0 ? "x" : "-";
    hash.update(`${rel}\0${executable}\0${createHash("sha256").update(body).digest("hex")}\n`);
  }
  return { sha256: hash.digest("hex"), files, followed };
}

/**
 * The folder staged contexts live in: one per user under the OS temp dir, private to that user.
 * A folder shared by all users would let one user's synth find another's staged context under the
 * same hash and fail to read it, or find a folder someone else put there and ship its content.
 */
export function stagingRoot(tmpdir = os.tmpdir()): string {
  const uid = process.getuid?.();
  const root = path.join(tmpdir, uid === undefined ? "docker-iac-contexts" : `docker-iac-contexts-${uid}`);
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(root);
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new BuildContextProblem(
      `the staging folder ${root} is not a folder of this user's (${stat.isSymbolicLink() ? "a symbolic link" : `owner uid ${stat.uid}`})`,
      `remove ${root}; synth makes it again`,
    );
  }
  return root;
}

/**
 * Copies exactly the files Docker would send into a content-addressed folder under the
 * user's staging root, so the synthesized stack ships a context that matches its hash.
 */
export function stageContext(contextDir: string, fingerprint: ContextFingerprint): string {
  const root = stagingRoot();
  const target = path.join(root, fingerprint.sha256);
  if (fs.existsSync(target)) return target;
  const scratch = fs.mkdtempSync(path.join(root + "-"));
  for (const rel of fingerprint.files) {
    const from = path.join(contextDir, rel);
    const to = path.join(scratch, rel);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    // The staged Dockerfile is the file its link leads to: the stage holds no link out of itself.
    if (fingerprint.followed.includes(rel)) fs.copyFileSync(from, to);
    else fs.cpSync(from, to, { verbatimSymlinks: true });
  }
  try {
    fs.renameSync(scratch, target);
  } catch (err) {
    // Another synth staged the same content first: theirs is identical.
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw err;
  }
  return target;
}

/**
 * Docker's own .dockerignore semantics (moby/patternmatcher: patterns anchored at the
 * context root, `**` spans folders, the last matching pattern wins, `!` re-includes), as
 * `@balena/dockerignore` implements them (aws-cdk uses it for the same purpose).
 */
function dockerignoreMatcher(contextDir: string): { ignores(rel: string): boolean } {
  const file = path.join(contextDir, ".dockerignore");
  const matcher = dockerignore({ ignorecase: false });
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    stat = undefined; // no .dockerignore (or a dangling link): nothing is ignored
  }
  if (stat && !stat.isFile()) {
    throw new BuildContextProblem(
      ".dockerignore of the build context is not a regular file",
      "make .dockerignore a text file of patterns, or remove it",
    );
  }
  if (stat) matcher.add(readContextFile(file, ".dockerignore").toString("utf8").split(/\r?\n/));
  return { ignores: (rel: string) => matcher.ignores(rel) };
}

function readContextFile(full: string, rel: string): Buffer {
  try {
    return fs.readFileSync(full);
  } catch (err) {
    throw new BuildContextProblem(
      `cannot read build context file '${rel}' (${(err as NodeJS.ErrnoException).code})`,
      "make it readable, or list it in .dockerignore",
    );
  }
}

/** Thrown for a context Docker cannot send as it is; ImmutableImage turns it into a construct error. */
export class BuildContextProblem extends Error {
  constructor(
    public readonly problem: string,
    public readonly fix: string,
  ) {
    super(`${problem}. Fix: ${fix}`);
    this.name = "BuildContextProblem";
  }
}

/**
 * Lists what Docker would send, never opening anything but folders: a symlink is sent as a
 * link (never followed, so loops and links out of the context cannot hang or leak), a
 * socket is skipped as Docker skips it, and a FIFO or device node is refused (reading one
 * blocks forever or reads the device).
 */
function walk(root: string, rel: string, visit: (rel: string) => void, ignores: (rel: string) => boolean): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch (err) {
    throw new BuildContextProblem(
      `cannot read folder '${rel || "."}' of the build context (${(err as NodeJS.ErrnoException).code})`,
      "make it readable, or list it in .dockerignore",
    );
  }
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, child, visit, ignores);
    else if (entry.isFile() || entry.isSymbolicLink()) visit(child);
    else if (entry.isSocket()) continue;
    else if (!ignores(child)) {
      const kind = entry.isFIFO()
        ? "a FIFO (named pipe)"
        : entry.isCharacterDevice() || entry.isBlockDevice()
          ? "a device node"
          : "a special file";
      throw new BuildContextProblem(
        `build context file '${child}' is ${kind}, which an image build cannot read`,
        `remove it from the context folder or list it in .dockerignore`,
      );
    }
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
