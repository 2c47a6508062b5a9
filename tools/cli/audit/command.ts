// docker-iac audit: each CIS Docker Benchmark rule the library checks, per container, with
// pass/fail/waived and why (waivers print their reason). Read from the synth report, so it
// audits what synth makes of any project's app.
import { formatAudit } from "docker-iac";
import { defineCommand } from "../command";
import { readReport, synthWithReports } from "../synth-report/report";

export const AUDIT = defineCommand({
  name: "audit",
  summary: "check each container against the CIS Docker Benchmark rules the library knows",
  synopsis: "[stack...] [--strict] [--json]",
  description: [
    "Synthesizes the app and prints, per container and service, each CIS Docker Benchmark rule the",
    "library checks: pass, fail, or waived with the waiver's reason. With no stack named, every stack.",
    "--strict exits 1 when any rule fails.",
  ].join("\n"),
  options: { strict: { type: "boolean" }, json: { type: "boolean" } },
  help: {
    strict: "exit 1 when any rule fails (waived rules pass)",
    json: "print the reports as JSON: [{ stack, failed, containers: [{ path, containerName, findings: [{ rule, title, status, reason }] }] }]",
  },
  positionals: [0, undefined],
  async run({ values, positionals, project }) {
    const p = project();
    await synthWithReports(p);
    const reports = p.pick(positionals).map((stack) => readReport(stack).audit);
    if (values.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    else
      for (const report of reports)
        process.stdout.write(`== ${report.stack}: ${report.failed} failing rule(s)\n${formatAudit(report)}\n`);
    const failed = reports.reduce((n, r) => n + r.failed, 0);
    if (values.strict && failed > 0) {
      process.stderr.write(`docker-iac audit: strict: ${failed} failing rule(s)\n`);
      return 1;
    }
    return 0;
  },
});
