import * as fs from "fs";
import * as path from "path";
import { App, AppConfig, TerraformStack } from "cdktf";
import { auditStack, formatAudit } from "./audit";
import { DockerStack } from "./docker-stack";
import { checkEngine } from "./engine-checks";

/** Thrown by DockerApp.synth when the definition is broken; its message lists every problem. */
export class SynthProblemsError extends Error {
  constructor(public readonly problems: string[]) {
    super(`docker-iac found ${problems.length} problem(s); nothing was synthesized:\n  ${problems.join("\n  ")}`);
    this.name = "SynthProblemsError";
  }
}

export interface DockerAppProps extends AppConfig {
  /**
   * Fail synth when a container breaks a CIS rule the library checks (waived rules pass).
   * @default - the context value `strictAudit`, else false
   */
  readonly strictAudit?: boolean;
}

/**
 * The cdktf App for Docker stacks. Before it writes anything it checks every stack, and
 * what must be unique on one engine across stacks (host ports, names, subnets); a broken
 * definition fails the whole synth and no stack folder is written or left stale.
 */
export class DockerApp extends App {
  private readonly strictAudit?: boolean;

  constructor(props: DockerAppProps = {}) {
    super(props);
    this.strictAudit = props.strictAudit;
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
          problems.add(`[${construct.node.path}] ${message}`);
        }
        for (const entry of construct.node.metadata) {
          if (entry.type === "@cdktf/error") problems.add(`[${construct.node.path}] ${String(entry.data)}`);
        }
      }
    }
    const byEngine = new Map<string, DockerStack[]>();
    for (const stack of stacks) {
      if (!(stack instanceof DockerStack)) continue;
      byEngine.set(stack.host.endpoint, [...(byEngine.get(stack.host.endpoint) ?? []), stack]);
    }
    for (const group of byEngine.values()) checkEngine(group).forEach((m) => problems.add(m));
    const strict = this.strictAudit ?? this.node.tryGetContext("strictAudit") === true;
    if (strict) {
      for (const stack of stacks) {
        const report = auditStack(stack);
        if (report.failed > 0) problems.add(`[${stack.node.path}] strict audit failed:\n${formatAudit(report, { onlyFailures: true })}`);
      }
    }
    return [...problems];
  }

  public synth(): void {
    const problems = this.findProblems();
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
  }

  /** Removes this app's stack folders and manifest, so nobody applies a stale or partial folder. */
  private removeStackOutput(): void {
    for (const stack of this.node.findAll().filter(TerraformStack.isStack)) {
      fs.rmSync(path.join(this.outdir, "stacks", stack.node.id), { recursive: true, force: true });
    }
    fs.rmSync(path.join(this.outdir, "manifest.json"), { force: true });
  }
}
