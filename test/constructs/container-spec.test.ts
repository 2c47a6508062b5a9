// What Container and SwarmService share is one spec (constructs/private/container-spec): each
// shared call, valid or not, ends the same way on both, with the same code and message.
import { Testing } from "cdktf";
import { Container, DockerStack, SwarmService } from "../../constructs";
import { codesOf, testStack } from "../helpers";
import { pinnedImage } from "./support";

type Workload = Container | SwarmService;
const makers: Record<string, (stack: DockerStack) => Workload> = {
  Container: (stack) => new Container(stack, "Web", { image: pinnedImage(stack) }),
  SwarmService: (stack) => new SwarmService(stack, "Web", { image: pinnedImage(stack) }),
};

const loose = (value: unknown) => value as never;
const calls: [string, (w: Workload) => void][] = [
  ["addEnvironment valid", (w) => w.addEnvironment("APP_PORT", "8080")],
  ["addEnvironment undefined value", (w) => w.addEnvironment("X", loose(undefined))],
  ["addEnvironment number value", (w) => w.addEnvironment("X", loose(5))],
  ["addEnvironment null value", (w) => w.addEnvironment("X", loose(null))],
  ["addEnvironment undefined name", (w) => w.addEnvironment(loose(undefined), "v")],
  ["addEnvironment name with =", (w) => w.addEnvironment("A=B", "v")],
  ["addEnvironment name with space", (w) => w.addEnvironment("A B", "v")],
  ["addEnvironment empty name", (w) => w.addEnvironment("", "v")],
  ["addEnvironment NUL in value", (w) => w.addEnvironment("X", "a\0b")],
  ["waiveAuditRule valid", (w) => w.waiveAuditRule("5.12", "the app writes to its root")],
  ["waiveAuditRule undefined reason", (w) => w.waiveAuditRule("5.12", loose(undefined))],
  ["waiveAuditRule blank reason", (w) => w.waiveAuditRule("5.12", "  ")],
  ["waiveAuditRule number reason", (w) => w.waiveAuditRule("5.12", loose(7))],
  ["waiveAuditRule undefined rule", (w) => w.waiveAuditRule(loose(undefined), "a reason")],
  ["waiveAuditRule blank rule", (w) => w.waiveAuditRule(" ", "a reason")],
];

/** How a call ends: "ok", or the codes and the message after the construct path. */
function outcome(make: (stack: DockerStack) => Workload, call: (w: Workload) => void): string {
  const stack = testStack();
  const workload = make(stack);
  try {
    call(workload);
    Testing.synth(stack);
    return "ok";
  } catch (error) {
    const codes = codesOf(error);
    // A TypeError or any other uncoded error is a bug on either side.
    if (codes.length === 0) return `uncoded: ${String(error)}`;
    return `${codes.join(",")}: ${(error as Error).message.replace(/^\[[^\]]*\] /, "")}`;
  }
}

test.each(calls)("%s ends the same way on a Container and a SwarmService", (_, call) => {
  const onContainer = outcome(makers.Container, call);
  const onService = outcome(makers.SwarmService, call);
  expect(onContainer).not.toMatch(/^uncoded/);
  expect(onService).toBe(onContainer);
});

test("the valid calls are valid and the invalid ones are refused (the table is not all one outcome)", () => {
  const results = calls.map(([name, call]) => [name, outcome(makers.Container, call) === "ok"]);
  expect(results.filter(([, ok]) => ok).map(([name]) => name)).toEqual(["addEnvironment valid", "waiveAuditRule valid"]);
});
