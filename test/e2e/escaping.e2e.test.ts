import { docker, inspect } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace } from "./workspace";

/**
 * Strings never become Terraform expressions: a container whose command, environment and
 * labels use `${VAR}` shell syntax (and `%{`) is deployed for real, and what it prints is
 * what the shell made of the command as written, not what Terraform would have made of it.
 */
const STACK_SOURCE = `
import { Container, DockerApp, DockerStack, Healthcheck, RegistryImage } from "docker-iac";

export function define(app: DockerApp): void {
  const stack = new DockerStack(app, "escaping");
  const reference = (stack.node.tryGetContext("baseImage") as string | undefined) ?? "busybox:1.37.0";
  const image = new RegistryImage(stack, "Image", { reference, allowMutableReference: true, keepLocally: true });
  new Container(stack, "Echo", {
    image,
    command: ["sh", "-c", 'echo "port=\${PORT:-8080} greeting=$GREETING raw=\\\\\${HOME}"; exec sleep 3600'],
    environment: { GREETING: "hello \${USER:-nobody} %{if x}y%{endif}" },
    labels: { "io.docker-iac.e2e-template": "\${not.a.reference}" },
    // Sub-second and over-a-minute durations, written as Go prints them (500ms, 1m30s).
    healthcheck: Healthcheck.fromShell('test -n "\${HOME}"', { intervalSeconds: 0.5, timeoutSeconds: 90, startPeriodSeconds: 1.5 }),
    waitForHealthy: true,
  });
}
`;

const ready = requireToolchainOrExplain();
(ready ? describe : describe.skip)("user strings with Terraform template syntax, deployed", () => {
  let ws: E2eWorkspace;

  beforeAll(() => {
    ws = new E2eWorkspace();
    ws.useOnlyStacks("escaping-e2e-stack", STACK_SOURCE);
    ws.deploy("escaping");
  });
  afterAll(() => ws?.cleanUp());

  test("the container prints what the shell made of the command, with the env value as written", () => {
    const name = ws.name("escaping", "echo");
    let logs = "";
    for (let i = 0; i < 20 && !logs.includes("port="); i++) {
      logs = docker("logs", name);
      if (!logs.includes("port=")) execSleep(250);
    }
    expect(logs.trim()).toBe("port=8080 greeting=hello ${USER:-nobody} %{if x}y%{endif} raw=${HOME}");
  });

  test("the environment and labels reach Docker unchanged", () => {
    const name = ws.name("escaping", "echo");
    const env: string[] = JSON.parse(inspect(name, "{{json .Config.Env}}"));
    expect(env).toContain("GREETING=hello ${USER:-nobody} %{if x}y%{endif}");
    expect(inspect(name, '{{index .Config.Labels "io.docker-iac.e2e-template"}}')).toBe("${not.a.reference}");
  });

  test("the healthcheck keeps its sub-second interval and the shell syntax of its command", () => {
    const name = ws.name("escaping", "echo");
    const health = JSON.parse(inspect(name, "{{json .Config.Healthcheck}}"));
    expect(health).toEqual({
      Test: ["CMD-SHELL", 'test -n "${HOME}"'],
      Interval: 500_000_000,
      Timeout: 90_000_000_000,
      StartPeriod: 1_500_000_000,
      Retries: 3,
    });
    expect(inspect(name, "{{.State.Health.Status}}")).toBe("healthy");
  });

  test("a second plan is empty: what Terraform stored is what Docker reports", () => {
    const plan = ws.plan("escaping");
    expect({ exitCode: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({
      exitCode: 0,
      output: "",
    });
  });

  test("destroy leaves nothing of the stack behind", () => {
    ws.destroy("escaping");
    expect(ws.leftovers("escaping")).toEqual([]);
  });
});

function execSleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
