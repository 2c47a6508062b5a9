import { execFileSync, spawn, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DOCKER_PROVIDER_VERSION } from "../../constructs/docker-host";
import { toolchainCache } from "../../tools/dev/toolchain-env";
import { docker, labelled, removeRunObjects } from "./docker";

/** Every object an e2e run creates carries this label, with the run id as value. */
export const E2E_LABEL = "io.docker-iac.e2e";

const REPO = path.resolve(__dirname, "..", "..");
const COPIED = ["constructs", "stacks", "examples", "tools", "cdktf.json", "package.json", "tsconfig.json"];

/** What a user sees after a command: exit code, output and wall time. */
export interface CommandResult {
  readonly status: number;
  readonly output: string;
  readonly ms: number;
}

/**
 * A throw-away copy of the project (node_modules linked) in which the suite runs real
 * `cdktf deploy`/`destroy`: its own state files, its own cdktf.out, sources it may edit,
 * and a unique name prefix and label so no run can collide with another's leftovers.
 */
export class E2eWorkspace {
  public readonly dir: string;
  public readonly runId: string;
  private readonly deployed = new Set<string>();

  constructor() {
    this.runId = randomBytes(3).toString("hex");
    this.dir = makeRunDir(this.runId);
    for (const entry of COPIED) fs.cpSync(path.join(REPO, entry), path.join(this.dir, entry), { recursive: true });
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(this.dir, "node_modules"));
  }

  /** The prefix every Docker name of this run starts with. */
  public get namePrefix(): string {
    return `e2e-${this.runId}`;
  }

  /** The Docker name of a stack's child, as DockerStack.defaultName derives it. */
  public name(stack: string, child: string): string {
    return `${this.stackLabel(stack)}-${child}`;
  }

  /** The io.docker-iac.stack label value of a stack in this run. */
  public stackLabel(stack: string): string {
    return `${this.namePrefix}-${stack}`;
  }

  public context(): Record<string, unknown> {
    const context: Record<string, unknown> = { namePrefix: this.namePrefix, labels: { [E2E_LABEL]: this.runId } };
    if (process.env.DOCKER_IAC_BASE_IMAGE) context.baseImage = process.env.DOCKER_IAC_BASE_IMAGE;
    if (process.env.DOCKER_IAC_PROVIDER_VERSION)
      context.dockerProviderVersion = process.env.DOCKER_IAC_PROVIDER_VERSION;
    // The digests this machine's registry holds (Debian may have moved on since the committed lock).
    if (process.env.DOCKER_IAC_SERVER_IMAGES_LOCK) context.serverImagesLock = process.env.DOCKER_IAC_SERVER_IMAGES_LOCK;
    return context;
  }

  /**
   * Makes `stacks/main.ts` synthesize only the stacks a test writes: `source` goes to
   * `stacks/<module>.ts` and must export `define(app: DockerApp)`.
   */
  public useOnlyStacks(module: string, source: string): void {
    fs.writeFileSync(path.join(this.dir, "stacks", `${module}.ts`), source);
    const main = `import { DockerApp } from "docker-iac";\nimport { define } from "./${module}";\n\nconst app = new DockerApp();\ndefine(app);\napp.synth();\n`;
    fs.writeFileSync(path.join(this.dir, "stacks", "main.ts"), main);
  }

  /**
   * Gives an example stack other props in this run's own `stacks/app.ts` (its host port, so it
   * cannot clash with the file that deploys the example on its own ports): `declaration` is the
   * line there, e.g. `new TodoStack(app, "todo")`, and `props` the object literal to pass.
   */
  public withStackProps(declaration: string, props: string): void {
    const app = path.join(this.dir, "stacks", "app.ts");
    const source = fs.readFileSync(app, "utf8");
    const moved = source.replace(declaration, `${declaration.slice(0, -1)}, ${props})`);
    if (moved === source)
      throw new Error(`stacks/app.ts no longer has \`${declaration}\`, which this test gives other props`);
    fs.writeFileSync(app, moved);
  }

  /** `npx cdktf deploy <stack>`, exactly as a user runs it (offline: no provider lock step). */
  public deploy(stack: string): CommandResult {
    this.deployed.add(stack);
    return this.mustRun("npx", ["cdktf", "deploy", stack, "--auto-approve", "--skip-provider-lock", "--no-color"]);
  }

  /** `npm run deploy -- <stacks>`, the everyday path (fast when nothing drifted); throws on failure. */
  public fastDeploy(...stacks: string[]): CommandResult {
    stacks.forEach((s) => this.deployed.add(s));
    return this.mustRun("npm", ["run", "--silent", "deploy", "--", "--auto-approve", ...stacks]);
  }

  /** Like fastDeploy, but returns a failure instead of throwing. */
  public tryFastDeploy(...stacks: string[]): CommandResult {
    stacks.forEach((s) => this.deployed.add(s));
    return this.run("npm", ["run", "--silent", "deploy", "--", "--auto-approve", ...stacks], this.dir);
  }

  /**
   * A deploy without blocking the event loop, so a request loop can run meanwhile: `cdktf deploy`,
   * or `npm run deploy` with `via: "npm"` (which also waits until Swarm rolled services out).
   */
  public deployAsync(
    stack: string,
    options: { extraEnv?: Record<string, string>; via?: "cdktf" | "npm" } = {},
  ): Promise<CommandResult> {
    this.deployed.add(stack);
    const started = Date.now();
    const extraEnv = options.extraEnv ?? {};
    const [command, args] =
      options.via === "npm"
        ? ["npm", ["run", "--silent", "deploy", "--", "--auto-approve", stack]]
        : ["npx", ["cdktf", "deploy", stack, "--auto-approve", "--skip-provider-lock", "--no-color"]];
    return new Promise((resolve) => {
      const child = spawn(command, args, {
        cwd: this.dir,
        env: {
          ...process.env,
          ...extraEnv,
          CI: "true",
          CHECKPOINT_DISABLE: "1",
          CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
          CDKTF_CONTEXT_JSON: JSON.stringify(this.context()),
        },
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      const timer = setTimeout(() => child.kill("SIGTERM"), 600_000);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ status: code ?? -1, output, ms: Date.now() - started });
      });
    });
  }

  public destroy(stack: string): CommandResult {
    const result = this.mustRun("npx", [
      "cdktf",
      "destroy",
      stack,
      "--auto-approve",
      "--skip-provider-lock",
      "--no-color",
    ]);
    this.deployed.delete(stack);
    return result;
  }

  /** `terraform plan -detailed-exitcode` in the stack folder: 0 no changes, 2 changes. */
  public plan(stack: string): CommandResult {
    const terraform = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
    return this.run(terraform, ["plan", "-detailed-exitcode", "-input=false", "-no-color"], this.stackDir(stack));
  }

  public stackDir(stack: string): string {
    return path.join(this.dir, "cdktf.out", "stacks", stack);
  }

  /** Containers, networks, volumes and images of a stack still on the engine. */
  public leftovers(stack: string): string[] {
    const label = `io.docker-iac.stack=${this.stackLabel(stack)}`;
    const images = docker("images", "-q", "--filter", `reference=docker-iac/${this.stackLabel(stack)}-*`)
      .split("\n")
      .filter(Boolean);
    return [
      ...labelled("container", label).map((id) => `container ${id}`),
      ...labelled("network", label).map((id) => `network ${id}`),
      ...labelled("volume", label).map((id) => `volume ${id}`),
      ...images.map((id) => `image ${id}`),
    ];
  }

  /**
   * Destroys what is still deployed, force-removes anything labelled with this run, deletes the
   * copy and the password files its synths generated (every synth of the todo stack writes them).
   */
  public cleanUp(): void {
    for (const stack of [...this.deployed]) {
      const result = this.run(
        "npx",
        ["cdktf", "destroy", stack, "--auto-approve", "--skip-provider-lock", "--no-color"],
        this.dir,
      );
      if (result.status !== 0) console.warn(`clean-up: destroy ${stack} failed:\n${result.output.slice(-2000)}`);
    }
    removeRunObjects(`${E2E_LABEL}=${this.runId}`, this.namePrefix);
    removeGeneratedSecrets(this.namePrefix);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private mustRun(command: string, args: string[]): CommandResult {
    const result = this.run(command, args, this.dir);
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(" ")} failed with ${result.status}:\n${result.output.slice(-4000)}`);
    }
    return result;
  }

  private run(command: string, args: string[], cwd: string): CommandResult {
    return runWithContext(command, args, cwd, this.context());
  }
}

/** The file in a run's folder that names the process running it (see global-setup). */
export const RUN_OWNER_FILE = ".owner-pid";

/**
 * A temp folder `docker-iac-e2e-<run>-<suffix>` owned by this process: the global set-up of a
 * later run treats the run as live while the folder exists and this process is alive.
 */
/** GeneratedSecret's default folder (`$DOCKER_IAC_CACHE/secrets`): removes the files of one name prefix. */
export function removeGeneratedSecrets(namePrefix: string): void {
  const secrets = path.join(toolchainCache(), "secrets");
  for (const file of fs.existsSync(secrets) ? fs.readdirSync(secrets) : []) {
    if (file.startsWith(`${namePrefix}-`)) fs.rmSync(path.join(secrets, file), { force: true });
  }
}

export function makeRunDir(runId: string, suffix = ""): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `docker-iac-e2e-${runId}-${suffix}`));
  fs.writeFileSync(path.join(dir, RUN_OWNER_FILE), String(process.pid));
  return dir;
}

/** Runs a command as the e2e suite does (CI, no checkpoint calls, this cdktf context); never throws. */
export function runWithContext(
  command: string,
  args: string[],
  cwd: string,
  context: Record<string, unknown>,
): CommandResult {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: 600_000,
    env: {
      ...process.env,
      CI: "true",
      CHECKPOINT_DISABLE: "1",
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
      CDKTF_CONTEXT_JSON: JSON.stringify(context),
    },
  });
  return { status: result.status ?? -1, output: `${result.stdout}\n${result.stderr}`, ms: Date.now() - started };
}

/**
 * The server-image digests deploys use: the record of what this machine built (the toolchain's
 * env file names it), else the committed lock.
 */
export function serverImagesLock(): {
  registry: string;
  images: Record<string, { repository: string; digest: string }>;
} {
  return JSON.parse(fs.readFileSync(serverImagesLockFile(), "utf8"));
}

/** The file serverImagesLock reads. */
export function serverImagesLockFile(): string {
  const machine = process.env.DOCKER_IAC_SERVER_IMAGES_LOCK;
  return machine && fs.existsSync(machine) ? machine : path.join(REPO, "stacks", "server-images.lock.json");
}

/** The kreuzwerker/docker version this run deploys with (what `required_providers` pins). */
export function providerVersion(): string {
  return process.env.DOCKER_IAC_PROVIDER_VERSION ?? DOCKER_PROVIDER_VERSION;
}

/** Runs a shell command in a container and returns stdout. */
export function execIn(container: string, script: string): string {
  return execFileSync("docker", ["exec", container, "sh", "-c", script], { encoding: "utf8" }).trim();
}
