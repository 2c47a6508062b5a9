import { Testing } from "cdktf";
import { DockerApp, DockerStack } from "../lib";

/** Where GeneratedSecret writes during unit tests: fixed, so snapshots do not depend on the machine. */
export const TEST_SECRETS_DIR = "/tmp/secrets-for-unit-tests";

/** A DockerApp with cdktf's test settings (stub version, temp outdir). */
export function testApp(context: Record<string, unknown> = {}): DockerApp {
  const base = Testing.app({ context: { secretsDir: TEST_SECRETS_DIR, ...context } });
  return new DockerApp({ context: base.node.getAllContext(), outdir: base.outdir, stackTraces: false, reportErrors: false });
}

/** A fresh DockerStack in its own app. */
export function testStack(id = "test", context: Record<string, unknown> = {}): DockerStack {
  return new DockerStack(testApp(context), id);
}

/** Synthesized JSON of a stack, parsed. */
export function synthJson(stack: DockerStack): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(Testing.synth(stack));
}

/** The single resource of a type, for targeted assertions. */
export function onlyResource(stack: DockerStack, type: string): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const resources = Object.values(synthJson(stack).resource?.[type] ?? {});
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}
