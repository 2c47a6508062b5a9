// Watches the source folders of a project and calls back once per burst of changes (debounced).
//
// One fs.watch per folder, not fs.watch's recursive mode: on Linux Node implements that mode by
// walking and watching every folder under the root, node_modules included (tens of thousands of
// folders here), before it can skip anything. Walking ourselves never enters an ignored folder;
// a folder created later is watched when its creation is seen. Files .gitignore'd are skipped
// when the root is in a git work tree (`git check-ignore`, which knows every rule git applies).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ignoredPath } from "./ignore";

export interface ChangeBurst {
  /** Absolute paths that changed, sorted. */
  readonly files: string[];
  /** When the first change of the burst was seen (Date.now()). */
  readonly firstAt: number;
}

export class SourceWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  /** Folders git ignores, read once per root at the start. */
  private readonly ignoredFolders = new Set<string>();

  constructor(
    private readonly roots: readonly string[],
    /** Each root's output folder to skip, relative to the root ("" for none). */
    private readonly outdirOf: (root: string) => string,
    private readonly onBurst: (burst: ChangeBurst) => void,
    private readonly debounceMs = 300,
  ) {}

  start(): void {
    for (const root of this.roots) {
      for (const folder of gitIgnoredFolders(root)) this.ignoredFolders.add(folder);
      this.watchTree(root, root);
    }
  }

  /** How many folders are watched (for the start line). */
  get folders(): number {
    return this.watchers.size;
  }

  close(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private rootOf(file: string): string {
    return this.roots.find((r) => file === r || file.startsWith(`${r}${path.sep}`)) ?? this.roots[0];
  }

  private ignored(file: string): boolean {
    const root = this.rootOf(file);
    return ignoredPath(path.relative(root, file), this.outdirOf(root));
  }

  private watchTree(root: string, dir: string): void {
    if (this.watchers.has(dir) || (dir !== root && (this.ignored(dir) || this.ignoredFolders.has(dir)))) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
      const watcher = fs.watch(dir, (_event, name) => this.seen(dir, name?.toString()));
      watcher.on("error", () => this.unwatch(dir));
      this.watchers.set(dir, watcher);
    } catch {
      return; // gone already, or unreadable: nothing to watch
    }
    for (const e of entries) if (e.isDirectory()) this.watchTree(root, path.join(dir, e.name));
  }

  private unwatch(dir: string): void {
    for (const [d, w] of this.watchers) {
      if (d === dir || d.startsWith(`${dir}${path.sep}`)) {
        w.close();
        this.watchers.delete(d);
      }
    }
  }

  private seen(dir: string, name: string | undefined): void {
    const file = name ? path.join(dir, name) : dir;
    if (this.ignored(file)) return;
    // A new folder (or one moved in): watch it and what it holds; a removed one: stop.
    if (fs.existsSync(file)) {
      const root = this.rootOf(file);
      if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() && !gitIgnored(root, [file], true).length)
        this.watchTree(root, file);
    } else this.unwatch(file);
    if (!this.pending.has(file)) this.pending.set(file, Date.now());
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = new Map();
    const byRoot = new Map<string, string[]>();
    for (const file of pending.keys()) byRoot.set(this.rootOf(file), [...(byRoot.get(this.rootOf(file)) ?? []), file]);
    const ignored = new Set([...byRoot].flatMap(([root, files]) => gitIgnored(root, files, false)));
    const files = [...pending.keys()].filter((f) => !ignored.has(f)).sort();
    if (!files.length) return;
    this.onBurst({ files, firstAt: Math.min(...files.map((f) => pending.get(f)!)) });
  }
}

/** Which of these paths git ignores in root's work tree ([] when root is not in one, or git is absent). */
function gitIgnored(root: string, files: readonly string[], folders: boolean): string[] {
  if (!files.length) return [];
  const input = files.map((f) => (folders ? `${f}/` : f)).join("\n");
  const result = spawnSync("git", ["-C", root, "check-ignore", "--stdin"], {
    input,
    encoding: "utf8",
    timeout: 10_000,
  });
  // 0: some are ignored, 1: none is, 128: not a work tree (or another error): nothing known to be ignored.
  if (result.status !== 0) return [];
  return result.stdout
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/\/$/, ""));
}

/** The folders git ignores under root, absolute (none when root is not in a work tree). */
function gitIgnoredFolders(root: string): string[] {
  const result = spawnSync(
    "git",
    ["-C", root, "ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z"],
    { encoding: "utf8", timeout: 30_000, maxBuffer: 64 * 2 ** 20 },
  );
  if (result.status !== 0) return [];
  return result.stdout
    .split("\0")
    .filter((f) => f.endsWith("/"))
    .map((f) => path.join(root, f.slice(0, -1)));
}
