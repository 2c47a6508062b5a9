// Row group "upgrade": what users see while a new version rolls out. A request loop at
// 10 requests a second (loopback only, bounded) runs through `terraform apply` of a changed
// app source, for
//   A: the immutable stack on one engine (the container is replaced: stop, then start), and
//   B: the swarm stack (the TODO API as a Swarm service of three tasks, start-first, behind nginx).
// A sample's time is the downtime the loop saw: failed requests x 100 ms (one request per
// 100 ms); the notes give the raw counts. B needs a swarm: `bash tools/dev/swarm.sh up` (this
// group runs it, and `down` afterwards, which leaves only a swarm it created).
import * as fs from "fs";
import * as path from "path";
import { SWARM_SECRET_FILES } from "../../stacks/swarm-stack";
import { requestLoop } from "./request-loop";
import { BenchContext, record, REPO_ROOT, Row, run, series, show } from "./harness";

const TF = process.env.TERRAFORM_BINARY_NAME ?? "terraform";
const RATE = 10;
const APP = ["node", "-r", path.join(REPO_ROOT, "tools/dev/register-ts.js"), path.join(REPO_ROOT, "tools/bench/upgrade-app.ts")];

interface Side {
  readonly kind: "immutable" | "swarm";
  readonly port: number;
  readonly source: string;
  readonly versionFile: string;
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stackDir: string;
}

export async function upgradeGroup(ctx: BenchContext): Promise<Row[]> {
  const dir = path.join(ctx.tmp, "upgrade");
  fs.mkdirSync(path.join(dir, "secrets"), { recursive: true });
  for (const file of Object.values(SWARM_SECRET_FILES)) fs.writeFileSync(path.join(dir, "secrets", file), `bench-${process.pid}`);
  const side = (kind: Side["kind"], port: number, example: string, versionFile: string, page: string): Side => {
    const source = path.join(dir, `${kind}-source`);
    fs.cpSync(path.join(REPO_ROOT, "examples", example), source, { recursive: true });
    const outdir = path.join(dir, `${kind}-out`);
    return {
      kind, port, source, versionFile: path.join(source, versionFile), url: `http://127.0.0.1:${port}${page}`,
      stackDir: path.join(outdir, "stacks", "bench-upgrade"),
      env: {
        ...ctx.env, CDKTF_OUTDIR: outdir, BENCH_UPGRADE_KIND: kind, BENCH_HOST_PORT: String(port), BENCH_APP_SOURCE: source,
        BENCH_STATE_FILE: path.join(dir, `${kind}.tfstate`), BENCH_SECRETS_DIR: path.join(dir, "secrets"),
      },
    };
  };
  const a = side("immutable", 18132, "immutable", "www/VERSION", "/cgi-bin/app");
  const b = side("swarm", 18133, "todo/api", "VERSION", "/health");
  const row: Row = {
    group: "upgrade",
    title: `downtime while a new version rolls out, ${RATE} requests/s: one engine (immutable stack) vs Swarm service (swarm stack)`,
    a: series("immutable stack, container replaced", show(["terraform", "apply", "(changed www/VERSION)"])),
    b: series("swarm stack, 3 tasks start-first", show(["terraform", "apply", "(changed todo/api/VERSION)"])),
    target: "B = 0 failed requests",
    notes: [],
  };
  const apply = (s: Side) => run([TF, `-chdir=${s.stackDir}`, "apply", "-auto-approve", "-input=false", "-no-color"], { env: s.env });
  const synth = (s: Side) => run(APP, { env: s.env });
  await run(["bash", path.join(REPO_ROOT, "tools/dev/swarm.sh"), "up"], { env: ctx.env });
  try {
    for (const s of [a, b]) {
      await synth(s);
      await run([TF, `-chdir=${s.stackDir}`, "init", "-input=false", "-no-color"], { env: s.env });
      await apply(s);
    }
    const counts: string[] = [];
    for (let i = 1; i <= ctx.runs; i++) {
      for (const s of [a, b]) {
        ctx.log(`upgrade: ${s.kind}, run ${i}/${ctx.runs}`);
        fs.writeFileSync(s.versionFile, `${i + 1}.0.0\n`);
        await synth(s);
        const deploy = apply(s);
        const load = await requestLoop(s.url, { perSecond: RATE, maxRequests: 3000, maxSeconds: 300 }, deploy);
        const result = await deploy;
        record(s === a ? row.a : row.b!, { ms: load.failed * (1000 / RATE), code: result.code });
        counts.push(`${s.kind} run ${i}: ${load.failed} of ${load.sent} requests failed in ${load.seconds.toFixed(0)} s`);
      }
    }
    row.notes.push(...counts);
    row.verdict = row.b!.samples.every((x) => x.ms === 0) ? "met" : "missed";
  } finally {
    for (const s of [b, a]) {
      if (fs.existsSync(s.stackDir)) {
        await run([TF, `-chdir=${s.stackDir}`, "destroy", "-auto-approve", "-input=false", "-no-color"], { env: s.env, check: false, cleanup: true });
      }
    }
    await run(["bash", path.join(REPO_ROOT, "tools/dev/swarm.sh"), "down"], { env: ctx.env, check: false, cleanup: true });
  }
  return [row];
}
