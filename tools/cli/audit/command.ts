// `npm run audit -- <stack> [--strict]`: prints, per container, each CIS Docker Benchmark
// rule the library checks, with pass/fail/waived and why. --strict exits 1 on any failure.
// With no stack name it audits every stack of the app.
import { TerraformStack } from "cdktf";
import { auditStack, DockerApp, formatAudit } from "docker-iac";
import { defineStacks } from "../../../stacks/app";

const args = process.argv.slice(2);
const strict = args.includes("--strict");
const names = args.filter((a) => !a.startsWith("-"));
const USAGE = "usage: npm run audit -- [<stack>...] [--strict]";
const unknownOptions = args.filter((a) => a.startsWith("-") && a !== "--strict");
if (unknownOptions.includes("--help") || unknownOptions.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
if (unknownOptions.length) {
  console.error(`unknown option ${unknownOptions[0]}. ${USAGE}`);
  process.exit(2);
}

// Nothing is written: only toTerraform() is used. A broken definition fails as synth does.
const app = new DockerApp({ outdir: "cdktf.out" });
defineStacks(app);
const problems = app.findProblems();
if (problems.length) {
  console.error(`docker-iac found ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
app.printWarnings();
const stacks = app.node.children.filter(TerraformStack.isStack);
const unknown = names.filter((n) => !stacks.some((s) => s.node.id === n));
if (unknown.length) {
  console.error(`unknown stack(s): ${unknown.join(", ")}. Stacks: ${stacks.map((s) => s.node.id).join(", ")}`);
  process.exit(2);
}

let failed = 0;
for (const stack of stacks.filter((s) => names.length === 0 || names.includes(s.node.id))) {
  const report = auditStack(stack);
  failed += report.failed;
  console.log(`== ${report.stack}: ${report.failed} failing rule(s)`);
  console.log(formatAudit(report));
}
if (strict && failed > 0) {
  console.error(`strict audit: ${failed} failing rule(s)`);
  process.exit(1);
}
