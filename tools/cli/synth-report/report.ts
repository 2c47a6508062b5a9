// What the docker-iac command reads from a synth besides cdk.tf.json: the facts only the
// construct tree knows, written by hook.ts into each stack's output folder as docker-iac.json
// (Terraform reads only *.tf and *.tf.json files, so it ignores it). audit, diagram and
// explain read this file, so they work on any cdktf project's app, whatever language its
// command runs, without loading the app in their own process.
import * as fs from "fs";
import * as path from "path";
import type { AuditReport } from "docker-iac";
import { CliError } from "../command";
import type { Diagram } from "../diagram/model";
import type { ManifestStack, Project } from "../project";

export const REPORT_FILE = "docker-iac.json";
/** Bumped when the shape changes: a report another version wrote is refused, not misread. */
export const REPORT_VERSION = 1;

export interface StackReport {
  readonly version: number;
  readonly stack: string;
  readonly audit: AuditReport;
  /** This stack alone, drawn from its construct tree. */
  readonly diagram: Diagram;
  /** docker_image resource address -> the folder it builds from (absolute). */
  readonly buildContexts: Record<string, string>;
  /** Docker names of the volumes declared with retainOnDestroy: Terraform does not own them, destroy leaves them. */
  readonly retainedVolumes: string[];
  /** `[path] message` lines of this stack, as synth prints them. */
  readonly warnings: string[];
}

/** The environment that makes the app write the reports: the hook preloaded by Node. */
export function reportEnvironment(): NodeJS.ProcessEnv {
  // In this repository the command runs as TypeScript through the register hook; in the package, as JavaScript.
  const hook = path.join(__dirname, `hook${path.extname(__filename)}`);
  const requires =
    path.extname(__filename) === ".ts" ? [path.join(__dirname, "..", "..", "dev", "register-ts.js"), hook] : [hook];
  const preload = requires.map((file) => `--require ${JSON.stringify(file)}`).join(" ");
  return { NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" ") };
}

/** Synthesizes the project with the report hook; then each stack's report, read. */
export async function synthWithReports(project: Project, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  await project.synth({ ...extraEnv, ...reportEnvironment() });
}

export function readReport(stack: ManifestStack): StackReport {
  const file = path.join(stack.dir, REPORT_FILE);
  let report: StackReport;
  try {
    report = JSON.parse(fs.readFileSync(file, "utf8")) as StackReport;
  } catch {
    throw new CliError(
      `stack '${stack.name}' has no ${REPORT_FILE} after synth: its app does not use DockerApp from docker-iac (or is not a Node.js app). Fix: create the stacks in a DockerApp`,
    );
  }
  if (report.version !== REPORT_VERSION)
    throw new CliError(
      `${file} was written by another docker-iac version (report version ${report.version}, this one reads ${REPORT_VERSION}). Fix: use the project's own \`npx docker-iac\``,
    );
  return report;
}
