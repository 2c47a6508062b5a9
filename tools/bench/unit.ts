// Row group "unit": wall time of the unit suite as `npm run test:unit` runs it. A single
// row (ts-jest is not installed, so there is no partner to alternate with).
import { type BenchContext, medianMs, record, type Row, run, seconds, series, show } from "./harness";

const JEST = ["npx", "jest", "--config", "jest.config.js"];

export async function unitGroup(ctx: BenchContext): Promise<Row[]> {
  const row: Row = {
    group: "unit",
    title: "unit suite wall time (jest + @swc/jest)",
    a: series("npx jest", show(JEST)),
    target: "≤ 10 s",
    notes: [],
  };
  const outcomes = new Set<string>();
  // Jest keeps its transform cache in the OS temp dir: run with the developer's normal
  // TMPDIR (a warm cache, as in daily use) rather than the bench's private one.
  const env = { ...ctx.env };
  if (process.env.TMPDIR === undefined) delete env.TMPDIR;
  else env.TMPDIR = process.env.TMPDIR;
  ctx.log("unit: warm-up");
  await run(JEST, { env, check: false });
  for (let i = 1; i <= ctx.runs; i++) {
    ctx.log(`unit: run ${i}/${ctx.runs}`);
    const result = record(row.a, await run(JEST, { env, check: false }));
    const summary = /^unit: (\d+) passed, (\d+) failed, (\d+) skipped/m.exec(result.stdout);
    outcomes.add(
      summary
        ? `${summary[1]} passed, ${summary[2]} failed, ${summary[3]} skipped (exit ${result.code})`
        : `exit ${result.code}, no summary line`,
    );
  }
  const ms = medianMs(row.a);
  row.verdict = `${ms <= 10000 ? "met" : "missed"} (${seconds(ms)})`;
  row.notes.push(`outcome: ${[...outcomes].join(" / ")}`);
  return [row];
}
