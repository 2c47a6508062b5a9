// Row group "scale": synth time and peak memory of a generated stack of 10, 100 and 1000
// containers (scripts/bench/scale-app.ts), how the cost grows, and a CPU profile of the
// 1000-container synth showing where the time goes.
import * as fs from "fs";
import * as path from "path";
import { BenchContext, medianMs, medianRssMiB, record, REPO_ROOT, Row, run, seconds, series, Series, show } from "./lib";
import { summarise } from "./profile-summary";

const SIZES = [10, 100, 1000] as const;
const APP = "scripts/bench/scale-app.ts";
const ours = (n: number) => ["node", "-r", "./scripts/register-ts.js", APP, String(n)];
const noSourceMaps = (n: number) => ["node", "-r", "./scripts/register-ts.js", "-r", "./scripts/bench/no-source-maps.js", APP, String(n)];

export interface GroupResult {
  readonly rows: Row[];
  /** Extra markdown sections for the report. */
  readonly sections: string[];
}

export async function scaleGroup(ctx: BenchContext, resultsDir: string, stamp: string): Promise<GroupResult> {
  fs.mkdirSync(path.join(ctx.tmp, "scale"), { recursive: true }); // cdktf creates only the last level
  let counter = 0;
  const synth = async (argv: string[], into: Series) => {
    const outdir = path.join(ctx.tmp, "scale", `out-${++counter}`);
    const result = await run(argv, { env: { ...ctx.env, CDKTF_OUTDIR: outdir }, memory: true });
    record(into, result);
    const n = Number(argv[argv.length - 1]);
    const written = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "bench-scale", "cdk.tf.json"), "utf8")) as { resource: { docker_container: Record<string, unknown> } };
    const count = Object.keys(written.resource.docker_container).length;
    if (count !== n) throw new Error(`scale-app ${n} wrote ${count} containers`);
    fs.rmSync(outdir, { recursive: true, force: true });
  };

  const rows: Row[] = SIZES.map((n) => ({
    group: "scale",
    title: `synth ${n} containers (one stack, one image, one network)`,
    a: series(`${n} containers`, show(ours(n))),
    b: n === 1000 ? series("1000, source maps off", show(noSourceMaps(n))) : undefined,
    notes: [],
  }));

  ctx.log("scale: warm-up");
  const scratch = series("warm-up", "");
  for (const n of SIZES) await synth(ours(n), scratch);

  for (let i = 1; i <= ctx.runs; i++) {
    ctx.log(`scale: run ${i}/${ctx.runs}`);
    for (let s = 0; s < SIZES.length; s++) {
      await synth(ours(SIZES[s]), rows[s].a);
      if (rows[s].b) await synth(noSourceMaps(SIZES[s]), rows[s].b!);
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
  rows[2].notes.push(`B: peak RSS ${(medianRssMiB(rows[2].b!) ?? NaN).toFixed(0)} MiB`);

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

  ctx.log("scale: CPU profile of the 1000-container synth");
  const profileDir = path.join(ctx.tmp, "profile");
  await run(["node", "--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...ours(1000).slice(1)], {
    env: { ...ctx.env, CDKTF_OUTDIR: path.join(ctx.tmp, "scale", "profiled") },
  });
  const file = fs.readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("node --cpu-prof wrote no profile");
  const kept = path.join(resultsDir, `scale-1000-${stamp}.cpuprofile`);
  fs.copyFileSync(path.join(profileDir, file), kept);
  const profile = JSON.parse(fs.readFileSync(kept, "utf8")) as Parameters<typeof summarise>[0];
  const summary = summarise(profile, REPO_ROOT);
  const wall = (profile.endTime - profile.startTime) / 1000;
  const share = (pattern: RegExp) => {
    const hit = summary.filter((r) => pattern.test(r.name)).sort((x, y) => y.totalMs - x.totalMs)[0];
    return hit ? `${hit.totalMs.toFixed(0)} ms (${((100 * hit.totalMs) / wall).toFixed(0)} %) — ${hit.name}` : "not sampled";
  };
  const bySelf = [...summary].sort((x, y) => y.selfMs - x.selfMs).slice(0, 12);
  const profileSection = [
    "### Scale: CPU profile of the 1000-container synth",
    "",
    `\`node --cpu-prof -r ./scripts/register-ts.js ${APP} 1000\`, profile wall ${wall.toFixed(0)} ms, kept as \`${path.relative(REPO_ROOT, kept)}\` ` +
      "(open in Chrome DevTools, or `node -r ./scripts/register-ts.js scripts/bench/profile-summary.ts <file>`).",
    "",
    "Inclusive time of the key frames:",
    "",
    `- the Container construct: ${share(/^Container constructs\/container\.ts/)}`,
    `- cdktf token stack capture: ${share(/^captureStackTrace node_modules\/cdktf/)}`,
    `- of which source-mapping those stacks: ${share(/^prepareStackTraceWithSourceMaps /)}`,
    `- token resolution at synth: ${share(/^resolve node_modules\/cdktf\/lib\/tokens\/private\/resolve\.js:20/)}`,
    `- module loading (require): ${share(/^require node:internal\/modules\/helpers/)}`,
    "",
    "Top functions by self time:",
    "",
    "| self ms | total ms | function |",
    "|---:|---:|---|",
    ...bySelf.map((r) => `| ${r.selfMs.toFixed(0)} | ${r.totalMs.toFixed(0)} | \`${r.name}\` |`),
    "",
  ];
  return { rows, sections: [...growth, ...profileSection] };
}
