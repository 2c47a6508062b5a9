import * as fs from "fs";
import { App, type AppConfig, TerraformElement, TerraformStack } from "cdktf";
import { auditStack, formatAudit } from "./audit";
import { DockerStack } from "./docker-stack";
import { checkEngine, crossEngineUses } from "./private/engine-checks";
import { ErrorCode } from "./error-code";
import { codeOfProblem, invalidCall, problemLine, withCode } from "./errors";
import { markDockerApp } from "./private/app-marker";
import { runAfterSynth } from "./after-synth";
import {
  declineUncaughtProblems,
  problemsHeader,
  removeSynthOutput,
  reportUncaughtProblems,
} from "./private/problem-report";
import { checkKnownProps } from "./private/validation/known-props";
import { DOCKER_APP_SCHEMA } from "./private/validation/resource-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";
import { checkObject } from "./private/validation/values";

/**
 * cdktf's App creates its output folder with a plain mkdir: a folder whose parent is missing
 * ends in an ENOENT trace, and a file in its place fails later. As `cdktf synth --output`
 * users expect, the parents are created; a file or an unwritable place is one clean error.
 */
function withOutputFolder(props: DockerAppProps): DockerAppProps {
  const outdir = props.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const where =
    props.outdir !== undefined
      ? "outdir"
      : process.env.CDKTF_OUTDIR !== undefined
        ? "CDKTF_OUTDIR"
        : "the default output folder";
  try {
    fs.mkdirSync(outdir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === "EEXIST" || code === "ENOTDIR"
        ? "is a file, or lies under one"
        : `cannot be created (${code ?? String(err)})`;
    throw invalidCall(
      "new DockerApp",
      ErrorCode.INVALID_OUTPUT_FOLDER,
      `${where} '${outdir}' ${problem}`,
      "point it at a folder this user can write, or remove the file that is in the way",
    );
  }
  return props;
}

/** Thrown by DockerApp.synth when the definition is broken; its message lists every problem. */
export class SynthProblemsError extends Error {
  /** The code of each problem, in the order of `problems`. */
  public readonly codes: ErrorCode[];

  constructor(public readonly problems: string[]) {
    super(`${problemsHeader(problems.length)}\n  ${problems.join("\n  ")}`);
    this.name = "SynthProblemsError";
    this.codes = problems.map((p) => codeOfProblem(p) ?? ErrorCode.CONSTRUCT_VALIDATION);
  }
}

export interface DockerAppProps extends AppConfig {
  /**
   * Fail synth when a container breaks a CIS rule the library checks (waived rules pass).
   * @default - the context value `strictAudit`, else false
   */
  readonly strictAudit?: boolean;

  /**
   * Print any definition error that escapes the program (a constructor check, a
   * validation) as `[path] problem. Fix: ... (Code)`, remove stale output and exit 1, so an
   * entry needs no try/catch of its own; and print warnings on stderr at synth. Tests
   * that assert on thrown errors and stored warnings turn it off.
   * @default true
   */
  readonly reportErrors?: boolean;
}

/**
 * The cdktf App for Docker stacks. Before it writes anything it checks every stack, and
 * what must be unique on one engine across stacks (host ports, names, subnets); a broken
 * definition fails the whole synth and no stack folder is written or left stale.
 */
export class DockerApp extends App {
  private readonly strictAudit?: boolean;
  private readonly reportToConsole: boolean;

  constructor(props: DockerAppProps = {}) {
    super(withOutputFolder(props));
    markDockerApp(this);
    this.strictAudit = props.strictAudit;
    this.reportToConsole = props.reportErrors ?? true;
    if (this.reportToConsole) reportUncaughtProblems(this);
    else declineUncaughtProblems();
    if (new.target === DockerApp)
      checkKnownProps("new DockerApp", "DockerAppProps", props, schemaKeys(DOCKER_APP_SCHEMA));
    checkWithSchema("new DockerApp", DOCKER_APP_SCHEMA, checkObject("new DockerApp", "props", props) ?? {});
  }

  /** Every warning of the app (`[path] message`), as `synth` prints them. */
  public findWarnings(): string[] {
    const warnings: string[] = [];
    for (const construct of this.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type === "@cdktf/warn") warnings.push(`[${construct.node.path}] ${String(entry.data)}`);
      }
    }
    return warnings;
  }

  /** Prints the warnings to stderr (synth, deploy and audit all show them). */
  public printWarnings(): void {
    for (const warning of this.findWarnings()) process.stderr.write(`warning: ${warning}\n`);
  }

  /** Every problem in the app, one line each; empty when it is fine to deploy. */
  public findProblems(): string[] {
    const stacks = this.node.findAll().filter(TerraformStack.isStack);
    const problems = new Set<string>();
    for (const stack of stacks) {
      // A DockerStack's engine check runs below across all stacks on its engine; skip its
      // single-stack copy here so each clash is reported once.
      const engineMessages = new Set(stack instanceof DockerStack ? checkEngine([stack]) : []);
      for (const construct of stack.node.findAll()) {
        for (const message of construct.node.validate()) {
          if (construct === stack && engineMessages.has(message)) continue;
          problems.add(withKnownCode(`[${construct.node.path}] ${message}`));
        }
        for (const entry of construct.node.metadata) {
          if (entry.type === "@cdktf/error")
            problems.add(withKnownCode(`[${construct.node.path}] ${String(entry.data)}`));
        }
      }
    }
    // cdktf synthesizes only what is inside a stack: a resource, output or variable made
    // directly in the app would be dropped without a word.
    for (const element of this.node.findAll().filter(TerraformElement.isTerraformElement)) {
      if (!element.node.scopes.some(TerraformStack.isStack)) {
        problems.add(
          problemLine(
            element.node.path,
            ErrorCode.NOT_IN_DOCKER_STACK,
            "is not inside any stack",
            "create docker-iac constructs and Terraform resources inside a DockerStack, not directly in the app",
          ),
        );
      }
    }
    const byEngine = new Map<string, DockerStack[]>();
    for (const stack of stacks) {
      if (!(stack instanceof DockerStack)) continue;
      byEngine.set(stack.host.endpoint, [...(byEngine.get(stack.host.endpoint) ?? []), stack]);
    }
    for (const group of byEngine.values()) checkEngine(group).forEach((m) => problems.add(m));
    crossEngineUses(stacks.filter((s): s is DockerStack => s instanceof DockerStack)).forEach((m) => problems.add(m));
    const contextStrict = this.node.tryGetContext("strictAudit");
    if (contextStrict !== undefined && typeof contextStrict !== "boolean") {
      problems.add(
        problemLine(
          "app",
          ErrorCode.WRONG_TYPE,
          `context value strictAudit ${JSON.stringify(contextStrict)} is not a boolean`,
          "give true or false",
        ),
      );
    }
    const strict = this.strictAudit ?? contextStrict === true;
    if (strict) {
      for (const stack of stacks) {
        const report = auditStack(stack);
        if (report.failed > 0)
          problems.add(
            `${withCode(`[${stack.node.path}] strict audit failed`, ErrorCode.STRICT_AUDIT_FAILED)}:\n${formatAudit(report, { onlyFailures: true })}`,
          );
      }
    }
    return [...problems];
  }

  public synth(): void {
    let problems: string[];
    try {
      problems = this.findProblems();
    } catch (err) {
      this.removeStackOutput();
      throw err;
    }
    if (problems.length > 0) {
      this.removeStackOutput();
      throw new SynthProblemsError(problems);
    }
    try {
      super.synth();
    } catch (err) {
      // Whatever failed late (a resolver, a write), leave no half-written stack behind.
      this.removeStackOutput();
      throw err;
    }
    runAfterSynth(this);
    // The cdktf CLI (which sets this variable for the app it runs) prints the warnings from
    // manifest.json itself; run directly (npm run synth, npm run deploy), the app prints them.
    if (this.reportToConsole && process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined)
      this.printWarnings();
  }

  /**
   * Removes this app's stack folders, those the previous manifest in the same outdir
   * lists, and the manifest, so nobody applies a stale or partial folder. Called on
   * every failure, also by the process-level handler.
   */
  public removeStackOutput(): void {
    removeSynthOutput(
      this.outdir,
      this.node
        .findAll()
        .filter(TerraformStack.isStack)
        .map((s) => s.node.id),
    );
  }
}

/** A validation that is not docker-iac's own (cdktf's, a provider construct's, the user's) has no code yet. */
function withKnownCode(line: string): string {
  return codeOfProblem(line) === undefined ? withCode(line, ErrorCode.CONSTRUCT_VALIDATION) : line;
}
