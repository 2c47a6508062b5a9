import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { removeRunObjects } from "./docker";
import { type CommandResult, E2E_LABEL, makeRunDir, runWithContext } from "./workspace";

const REPO = path.resolve(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));

/** The package name users install, e.g. `docker-iac`. */
export const PACKAGE_NAME: string = manifest.name;

/** The peer packages a user installs next to ours, at the versions this repo tests with. */
export const PEERS: string[] = Object.keys(manifest.peerDependencies).map(
  (name) => `${name}@${manifest.devDependencies[name]}`,
);

/**
 * A fresh project outside the repo that installs the packed library the way a user does:
 * `npm pack` here, then `npm install <tarball> cdktf constructs @cdktf/provider-docker`
 * there. Offline-safe: npm takes the peers from its cache (`--prefer-offline`), which the
 * repo's own `npm ci` filled. The folder name and the label let the e2e global set-up
 * tell a live run from a dead one's leftovers.
 */
export class InstalledPackageProject {
  public readonly runId = randomBytes(3).toString("hex");
  public readonly dir: string;
  public tarball = "";

  constructor() {
    this.dir = makeRunDir(this.runId, "package-");
  }

  /** The prefix every Docker name of this run starts with. */
  public get namePrefix(): string {
    return `e2e-${this.runId}`;
  }

  /**
   * Packs the repo (its `prepack` builds dist/) into this run's folder; returns the tarball. Two
   * files of the parallel set pack at once, and each build first removes dist/: one at a time.
   */
  public pack(): string {
    const lock = path.join(os.tmpdir(), "docker-iac-pack.lock");
    const packed = this.mustRun("flock", [lock, "npm", "pack", "--silent", "--pack-destination", this.dir], REPO);
    this.tarball = path.join(this.dir, packed.output.trim().split("\n").filter(Boolean).pop()!);
    return this.tarball;
  }

  /** Packs the repo and installs the tarball plus the peers. */
  public install(): void {
    this.pack();
    fs.writeFileSync(
      path.join(this.dir, "package.json"),
      JSON.stringify({ name: "user-app", version: "1.0.0", private: true }, null, 2),
    );
    this.mustRun(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", this.tarball, ...PEERS],
      this.dir,
    );
  }

  /** Writes a file of the user's project. */
  public write(relative: string, content: string): void {
    fs.mkdirSync(path.dirname(path.join(this.dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(this.dir, relative), content);
  }

  /** cdktf context for this run: its own names and label, the toolchain's base image and provider. */
  public context(): Record<string, unknown> {
    const context: Record<string, unknown> = { namePrefix: this.namePrefix, labels: { [E2E_LABEL]: this.runId } };
    if (process.env.DOCKER_IAC_BASE_IMAGE) context.baseImage = process.env.DOCKER_IAC_BASE_IMAGE;
    if (process.env.DOCKER_IAC_PROVIDER_VERSION)
      context.dockerProviderVersion = process.env.DOCKER_IAC_PROVIDER_VERSION;
    return context;
  }

  /** The cdktf CLI (a global tool for users; the repo's copy here) in the user's project. */
  public cdktf(...args: string[]): CommandResult {
    return this.mustRun(
      path.join(REPO, "node_modules", ".bin", "cdktf"),
      [...args, "--auto-approve", "--skip-provider-lock", "--no-color"],
      this.dir,
    );
  }

  public run(command: string, args: string[], cwd = this.dir): CommandResult {
    return runWithContext(command, args, cwd, this.context());
  }

  public mustRun(command: string, args: string[], cwd = this.dir): CommandResult {
    const result = this.run(command, args, cwd);
    if (result.status !== 0)
      throw new Error(`${command} ${args.join(" ")} failed with ${result.status}:\n${result.output.slice(-4000)}`);
    return result;
  }

  /** Removes whatever this run left on the engine, then the project folder. */
  public cleanUp(dockerAvailable: boolean): void {
    if (dockerAvailable) {
      removeRunObjects(`${E2E_LABEL}=${this.runId}`, this.namePrefix);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
