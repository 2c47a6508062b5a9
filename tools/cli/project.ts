// The cdktf project a command works on, found as git finds its repository: --project, or the
// working folder, or the nearest folder above it with a cdktf.json. Everything else comes from
// what cdktf itself reads and writes: `app` and `output` in cdktf.json, and the manifest.json
// synth writes into the output folder. No path of any particular project is assumed.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CliError } from "./command";

/** The parts of cdktf.json read here. */
interface CdktfJson {
  app?: string;
  output?: string;
}

/** One stack as synth's manifest.json lists it. */
export interface ManifestStack {
  readonly name: string;
  /** Folder of the stack's cdk.tf.json, absolute. */
  readonly dir: string;
  /** cdk.tf.json, absolute. */
  readonly config: string;
  readonly dependencies: string[];
}

export class Project {
  /** Finds the project from a folder (default: the working folder) upwards; CliError when there is none. */
  static find(from?: string): Project {
    const start = path.resolve(from ?? process.cwd());
    if (from !== undefined && !fs.existsSync(start)) throw new CliError(`--project '${from}': no such folder`);
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, "cdktf.json"))) return new Project(dir);
      if (from !== undefined || path.dirname(dir) === dir) break;
    }
    const where = from !== undefined ? `in ${start}` : `in ${start} or any folder above it`;
    throw new CliError(
      `no cdktf.json ${where}. Fix: run it in a cdktf project (\`docker-iac init\` makes one), or give --project <folder>`,
    );
  }

  /** The command that runs the app (cdktf.json "app"; `--app` overrides it, as with the cdktf CLI). */
  app: string;
  /** The output folder synth writes (CDKTF_OUTDIR overrides cdktf.json, as with the cdktf CLI). */
  readonly outdir: string;

  constructor(readonly root: string) {
    const file = path.join(root, "cdktf.json");
    let json: CdktfJson;
    try {
      json = JSON.parse(fs.readFileSync(file, "utf8")) as CdktfJson;
    } catch (err) {
      throw new CliError(
        `${file} is not JSON (${(err as Error).message}). Fix: correct it; \`docker-iac init\` shows a working one`,
      );
    }
    if (typeof json.app !== "string" || !json.app.trim())
      throw new CliError(
        `${file} has no "app" (the command that runs the cdktf app). Fix: add e.g. "app": "npx ts-node main.ts"`,
      );
    this.app = json.app;
    this.outdir = path.resolve(root, process.env.CDKTF_OUTDIR ?? json.output ?? "cdktf.out");
  }

  /** The same project synthesizing into another folder (a scratch synth that leaves the real output alone). */
  withOutdir(outdir: string): Project {
    const copy = Object.create(Project.prototype) as Project;
    Object.assign(copy, this, { outdir: path.resolve(outdir) });
    return copy;
  }

  /**
   * Runs the app as `cdktf synth` does: in the project folder, CDKTF_OUTDIR set. Its output goes
   * to stderr (progress), its errors are its own; a failed synth is a CliError with its exit code,
   * silent when the app said why itself.
   */
  async synth(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    let said = false;
    const code = await new Promise<number>((resolve) => {
      const child = spawn(this.app, {
        cwd: this.root,
        shell: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, CDKTF_OUTDIR: this.outdir, ...extraEnv },
      });
      const pass = (chunk: Buffer) => {
        said = true;
        process.stderr.write(chunk);
      };
      child.stdout.on("data", pass);
      child.stderr.on("data", pass);
      child.on("error", () => resolve(127));
      child.on("close", (status, signal) => resolve(status ?? (signal ? 128 : 1)));
    });
    if (code === 0) return;
    // The app printed its own error (a docker-iac definition error is one line with the fix): no second line.
    if (said) throw new CliError("", code === 127 ? 1 : code);
    throw new CliError(
      `synth failed: \`${this.app}\` exited ${code} without a word. Fix: run it by hand in ${this.root} to see why`,
      code === 127 ? 1 : code,
    );
  }

  /** The stacks of the last synth, in manifest order; CliError if there was none. */
  stacks(): ManifestStack[] {
    const file = path.join(this.outdir, "manifest.json");
    if (!fs.existsSync(file))
      throw new CliError(
        `no synth output in ${this.outdir}. Fix: run \`docker-iac plan\` or \`npx cdktf synth\` first`,
      );
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
      stacks: Record<
        string,
        { name: string; workingDirectory: string; synthesizedStackPath: string; dependencies?: string[] }
      >;
    };
    return Object.values(manifest.stacks).map((s) => ({
      name: s.name,
      dir: path.resolve(this.outdir, s.workingDirectory),
      config: path.resolve(this.outdir, s.synthesizedStackPath),
      dependencies: s.dependencies ?? [],
    }));
  }

  /** The stacks named (all when none are), in the order given; CliError naming the known ones. */
  pick(names: string[]): ManifestStack[] {
    const all = this.stacks();
    if (!names.length) return all;
    return names.map((name) => {
      const stack = all.find((s) => s.name === name);
      if (!stack)
        throw new CliError(
          `no stack '${name}' in this app. Stacks: ${all.map((s) => s.name).join(", ") || "(none)"}`,
          2,
        );
      return stack;
    });
  }

  /** A path inside the project, shown relative to it. */
  show(file: string): string {
    const relative = path.relative(this.root, file);
    return relative.startsWith("..") ? file : relative || ".";
  }
}
