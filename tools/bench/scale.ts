// Row group "scale": synth time and peak memory of a generated stack of 10, 100 and 1000
// containers (tools/bench/scale-app.ts), and how the cost grows. Where the time goes (the
// CPU profile investigation) is written up in docs/benchmark.md.
import * as fs from "fs";
import * as path from "path";
import {
  type BenchContext,
  medianMs,
  medianRssMiB,
  record,
  type Row,
  run,
  seconds,
  series,
  type Series,
  show,
} from "./harness";

const SIZES = [10, 100, 1000] as const;
const APP = "tools/bench/scale-app.ts";
const ours = (n: number) => ["node", "-r", "./tools/dev/register-ts.js", APP, String(n)];

export interface GroupResult {
  readonly rows: Row[];
  /** Extra markdown sections for the report. */
  readonly sections: string[];
}

export async function scaleGroup(ctx: BenchContext): Promise<GroupResult> {
  fs.mkdirSync(path.join(ctx.tmp, "scale"), { recursive: true }); // cdktf creates only the last level
  let counter = 0;
  const synth = async (argv: string[], into: Series) => {
    const outdir = path.join(ctx.tmp, "scale", `out-${++counter}`);
    const result = await run(argv, { env: { ...ctx.env, CDKTF_OUTDIR: outdir }, memory: true });
    record(into, result);
    const n = Number(argv[argv.length - 1]);
    const written = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "bench-scale", "cdk.tf.json"), "utf8")) as {
      resource: { docker_container: Record<string, unknown> };
    };
    const count = Object.keys(written.resource.docker_container).length;
    if (count !== n) throw new Error(`scale-app ${n} wrote ${count} containers`);
    fs.rmSync(outdir, { recursive: true, force: true });
  };

  const rows: Row[] = SIZES.map((n) => ({
    group: "scale",
    title: `synth ${n} containers (one stack, one image, one network)`,
    a: series(`${n} containers`, show(ours(n))),
    notes: [],
  }));

  ctx.log("scale: warm-up");
  const scratch = series("warm-up", "");
  for (const n of SIZES) await synth(ours(n), scratch);

  for (let i = 1; i <= ctx.runs; i++) {
    ctx.log(`scale: run ${i}/${ctx.runs}`);
    for (let s = 0; s < SIZES.length; s++) {
      await synth(ours(SIZES[s]), rows[s].a);
    }
  }

  const t = rows.map((r) => medianMs(r.a));
  const m = rows.map((r) => medianRssMiB(r.a) ?? NaN);
  const perContainerMs = [(t[1] - t[0]) / 90, (t[2] - t[1]) / 900];
  const perContainerKiB = [((m[1] - m[0]) * 1024) / 90, ((m[2] - m[1]) * 1024) / 900];
  const marginalGrowth = perContainerMs[1] / perContainerMs[0];
  const linear = marginalGrowth <= 1.5;
  rows.forEach((row, s) => row.notes.push(`peak RSS ${m[s].toFixed(0)} MiB`));
  rows[2].target = "≤ 5 s, ≤ 1 GiB, linear growth";
  rows[2].verdict = [
    `${t[2] <= 5000 ? "met" : "missed"} (${seconds(t[2])})`,
    `${m[2] <= 1024 ? "met" : "missed"} (${m[2].toFixed(0)} MiB)`,
    `${linear ? "linear" : "superlinear"} (marginal ms/container 100→1000 is ${marginalGrowth.toFixed(2)}× that of 10→100)`,
  ].join("; ");

  const growth = [
    "### Scale: growth",
    "",
    "| containers | median wall | median peak RSS | marginal ms / container | marginal KiB / container |",
    "|---:|---:|---:|---:|---:|",
    `| 10 | ${seconds(t[0])} | ${m[0].toFixed(0)} MiB | – | – |`,
    `| 100 | ${seconds(t[1])} | ${m[1].toFixed(0)} MiB | ${perContainerMs[0].toFixed(2)} (10→100) | ${perContainerKiB[0].toFixed(0)} (10→100) |`,
    `| 1000 | ${seconds(t[2])} | ${m[2].toFixed(0)} MiB | ${perContainerMs[1].toFixed(2)} (100→1000) | ${perContainerKiB[1].toFixed(0)} (100→1000) |`,
    "",
    `Ratios of wall time: t(100)/t(10) = ${(t[1] / t[0]).toFixed(2)}, t(1000)/t(100) = ${(t[2] / t[1]).toFixed(2)} ` +
      "(a fixed start-up cost of about t(10) makes the first ratio small; with linear growth the marginal cost per container stays flat, " +
      `which is why the verdict compares marginal costs: ${perContainerMs[0].toFixed(2)} ms vs ${perContainerMs[1].toFixed(2)} ms).`,
    "",
  ];

  return { rows, sections: growth };
}
