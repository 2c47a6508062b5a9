import * as fs from "fs";
import * as path from "path";
import {
  type AuditFinding,
  auditStack,
  Container,
  DockerApp,
  DockerStack,
  formatAudit,
  Network,
  NetworkMode,
  Protocol,
  RestartPolicy,
} from "../../constructs";
import { testApp, testStack } from "../helpers";
import { pinnedImage } from "./support";

const CHECKED_RULES = [
  "4.1",
  "5.3",
  "5.4",
  "5.5",
  "5.7",
  "5.9",
  "5.10",
  "5.11",
  "5.12",
  "5.13",
  "5.14",
  "5.15",
  "5.16",
  "5.17",
  "5.21",
  "5.24",
  "5.25",
  "5.29",
  "5.31",
];

/** rule id -> status, for the only container of the stack. */
function statuses(stack: DockerStack): Record<string, string> {
  const report = auditStack(stack);
  expect(report.containers).toHaveLength(1);
  return Object.fromEntries(report.containers[0].findings.map((f) => [f.rule, f.status]));
}

function failing(stack: DockerStack): string[] {
  return auditStack(stack).containers.flatMap((c) => c.findings.filter((f) => f.status === "fail").map((f) => f.rule));
}

describe("audit of a default container", () => {
  const stack = testStack();
  new Container(stack, "Web", { image: pinnedImage(stack), portForwards: [{ containerPort: 8080, hostPort: 18080 }] });
  const report = auditStack(stack);
  const [container] = report.containers;

  test("names the stack and the container", () => {
    expect(report.stack).toBe("test");
    expect(container.path).toBe("test/Web/Resource");
    expect(container.containerName).toBe("test-web");
  });

  test("passes every checked rule but 5.14, which it waives with the reason for unless-stopped", () => {
    expect(report.failed).toBe(0);
    const byStatus = (status: string) => container.findings.filter((f) => f.status === status).map((f) => f.rule);
    expect(byStatus("pass")).toEqual(CHECKED_RULES.filter((r) => r !== "5.14"));
    expect(byStatus("fail")).toEqual([]);
    expect(byStatus("waived")).toEqual(["5.14"]);
    expect(container.findings.find((f) => f.rule === "5.14")?.reason).toBe(
      "restart=unless-stopped max_retry_count=-; waived: the default for a long-running container: a daemon restart (a host reboot) brings it back, " +
        "which on-failure does not (the daemon stops it, it exits 0); the price is no retry count, Docker backs off instead (doubling the delay up to 1 min)",
    );
  });

  test("reports 5.28 (PIDs limit) and 5.1/5.2 as unsupported, with the reason", () => {
    expect(container.findings.filter((f) => f.status === "unsupported")).toEqual<AuditFinding[]>([
      expect.objectContaining({
        rule: "5.28",
        title: "PIDs cgroup limit",
        reason: expect.stringContaining("no pids_limit"),
      }),
      expect.objectContaining({ rule: "5.1/5.2", status: "unsupported" }),
    ]);
  });

  test("matches the snapshot (the table `npm run audit:stack` prints)", () => {
    expect(formatAudit(report)).toMatchSnapshot();
  });

  test("formats as a table, and as nothing but the header with onlyFailures", () => {
    const table = formatAudit(report);
    expect(table.split("\n")[0]).toBe("test/Web/Resource (test-web)");
    expect(table).toContain("  PASS        CIS 5.9     host network namespace not shared: network_mode=bridge");
    expect(table).toContain("  UNSUPPORTED CIS 5.28    PIDs cgroup limit:");
    expect(formatAudit(report, { onlyFailures: true })).toBe("test/Web/Resource (test-web)");
  });
});

describe("audit failures", () => {
  test("a container that breaks every rule it can fails the right ones", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", {
      image: pinnedImage(stack),
      privileged: true,
      user: "root",
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: true,
      portForwards: [{ containerPort: 80, hostPort: 80, hostIp: "0.0.0.0" }],
    });
    web.mountHostPath("/var/run/docker.sock", "/var/run/docker.sock", { allowSensitive: true });
    web.mountHostPath("/host-etc", "/etc", { allowSensitive: true });
    expect(failing(stack)).toEqual(["4.1", "5.4", "5.5", "5.7", "5.12", "5.13", "5.25", "5.31"]);
    expect(auditStack(stack).failed).toBe(8);
  });

  test("host network fails 5.9 only", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), network: Network.HOST });
    expect(failing(stack)).toEqual(["5.9"]);
  });

  test.each(["0", "0:0", "root:root", "root:1000", "0:10001"])("user %p fails 4.1", (user) => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), user });
    expect(failing(stack)).toEqual(["4.1"]);
  });

  test("a non-root user name passes 4.1", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), user: "nobody" });
    expect(statuses(stack)["4.1"]).toBe("pass");
  });

  test("an unbounded restart policy fails 5.14", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), restartPolicy: RestartPolicy.ALWAYS });
    expect(failing(stack)).toEqual(["5.14"]);
  });

  test("on-failure with more than 5 retries fails 5.14", () => {
    const stack = testStack();
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      restartPolicy: RestartPolicy.ON_FAILURE,
      maxRestartRetries: 6,
    });
    expect(failing(stack)).toEqual(["5.14"]);
  });

  test("on-failure with 5 retries passes 5.14, and says a daemon restart does not bring a long-running container back", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), restartPolicy: RestartPolicy.ON_FAILURE });
    expect(auditStack(stack).containers[0].findings.find((f) => f.rule === "5.14")).toMatchObject({
      status: "pass",
      reason:
        "restart=on-failure max_retry_count=5 (bounded, but a daemon restart does not bring it back: it exits 0 when the daemon stops it)",
    });
  });

  test("restart no on a one-shot passes 5.14, saying why", () => {
    const stack = testStack();
    new Container(stack, "Job", { image: pinnedImage(stack), mustRun: false });
    expect(auditStack(stack).containers[0].findings.find((f) => f.rule === "5.14")).toMatchObject({
      status: "pass",
      reason: "restart=no max_retry_count=- (a one-shot, must_run=false: it runs to completion)",
    });
  });

  test("unless-stopped on a one-shot fails 5.14: the library's reason is for long-running containers only", () => {
    const stack = testStack();
    new Container(stack, "Job", {
      image: pinnedImage(stack),
      mustRun: false,
      restartPolicy: RestartPolicy.UNLESS_STOPPED,
    });
    expect(failing(stack)).toEqual(["5.14"]);
  });

  test("a waiver of the user's own replaces the library's reason for unless-stopped", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack) }).waiveAuditRule(
      "5.14",
      "the host restarts it by systemd unit",
    );
    expect(auditStack(stack).containers[0].findings.find((f) => f.rule === "5.14")?.reason).toBe(
      "restart=unless-stopped max_retry_count=-; waived: the host restarts it by systemd unit",
    );
  });

  test("Docker's default bridge network fails 5.29", () => {
    const stack = testStack();
    // Network.fromNetworkName refuses "bridge"; a hand-made INetwork still gets through to the audit.
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      network: { mode: NetworkMode.BRIDGE, networkName: "bridge" },
    });
    expect(failing(stack)).toEqual(["5.29"]);
  });

  test("a port on :: fails 5.13; a port on a specific address passes", () => {
    const stack = testStack();
    const web = new Container(stack, "Web", { image: pinnedImage(stack) });
    web.addPortForward(8080, { hostPort: 18080, hostIp: "192.168.1.10", protocol: Protocol.UDP });
    expect(statuses(stack)["5.13"]).toBe("pass");
    web.addPortForward(8081, { hostPort: 18081, hostIp: "::" });
    expect(failing(stack)).toEqual(["5.13"]);
  });

  test("added capabilities still pass 5.3 (ALL is dropped first)", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), capabilities: ["NET_BIND_SERVICE"] });
    expect(statuses(stack)["5.3"]).toBe("pass");
  });

  test("each container of a stack is audited on its own", () => {
    const stack = testStack();
    const image = pinnedImage(stack);
    new Container(stack, "Good", { image });
    new Container(stack, "Bad", { image, privileged: true });
    const report = auditStack(stack);
    expect(
      report.containers.map((c) => [c.containerName, c.findings.filter((f) => f.status === "fail").map((f) => f.rule)]),
    ).toEqual([
      ["test-good", []],
      ["test-bad", ["5.4"]],
    ]);
    expect(report.failed).toBe(1);
  });
});

describe("audit waivers", () => {
  const stack = testStack();
  const web = new Container(stack, "Web", { image: pinnedImage(stack), network: Network.HOST, privileged: true });
  web.waiveAuditRule("5.9", "the service must see the host's interfaces");
  const report = auditStack(stack);
  const finding = (rule: string) => report.containers[0].findings.find((f) => f.rule === rule)!;

  test("waiveAuditRule turns that fail into waived, with the reason", () => {
    expect(finding("5.9")).toEqual({
      rule: "5.9",
      title: "host network namespace not shared",
      status: "waived",
      reason: "network_mode=host; waived: the service must see the host's interfaces",
    });
  });

  test("other failures stay failures", () => {
    expect(finding("5.4").status).toBe("fail");
    expect(report.failed).toBe(1);
  });

  test("a waiver of a rule that passes changes nothing", () => {
    const other = testStack();
    new Container(other, "Web", { image: pinnedImage(other) }).waiveAuditRule("5.4", "not needed");
    expect(statuses(other)["5.4"]).toBe("pass");
  });
});

describe("DockerApp strictAudit", () => {
  function hostNetworkApp(
    props: { strictAudit?: boolean; context?: Record<string, unknown>; waive?: boolean } = {},
  ): DockerApp {
    const base = testApp(props.context);
    const app = new DockerApp({
      outdir: base.outdir,
      context: base.node.getAllContext(),
      stackTraces: false,
      strictAudit: props.strictAudit,
    });
    const stack = new DockerStack(app, "s");
    const web = new Container(stack, "Web", { image: pinnedImage(stack), network: Network.HOST });
    if (props.waive) web.waiveAuditRule("5.9", "the service must see the host's interfaces");
    return app;
  }

  test("fails synth listing the failing rule", () => {
    const app = hostNetworkApp({ strictAudit: true });
    expect(() => app.synth()).toThrow(
      /^docker-iac found 1 problem\(s\); nothing was synthesized:\n {2}\[s\] strict audit failed \(StrictAuditFailed\):\ns\/Web\/Resource \(s-web\)\n {2}FAIL {8}CIS 5\.9 {5}host network namespace not shared: network_mode=host$/,
    );
    expect(fs.existsSync(path.join(app.outdir, "stacks", "s"))).toBe(false);
  });

  test("the context value strictAudit turns it on", () => {
    expect(hostNetworkApp({ context: { strictAudit: true } }).findProblems()).toEqual([
      expect.stringMatching(/strict audit failed \(StrictAuditFailed\):[\s\S]*CIS 5\.9 /),
    ]);
  });

  test("passes when the rule is waived", () => {
    const app = hostNetworkApp({ strictAudit: true, waive: true });
    expect(app.findProblems()).toEqual([]);
    app.synth();
    expect(fs.existsSync(path.join(app.outdir, "stacks", "s", "cdk.tf.json"))).toBe(true);
  });

  test("is off by default", () => {
    expect(hostNetworkApp().findProblems()).toEqual([]);
  });
});
