import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { Testing } from "cdktf";
import { Container, Healthcheck } from "../../constructs";
import { onlyResource, testStack } from "../helpers";
import { pinnedImage } from "./support";

describe("Healthcheck with defaults", () => {
  const stack = testStack();
  new Container(stack, "Web", {
    image: pinnedImage(stack),
    healthcheck: Healthcheck.fromCommand(["wget", "-q", "-O-", "http://127.0.0.1:8080/"]),
    waitForHealthy: true,
  });
  const synthesized = Testing.synth(stack);

  test("matches the snapshot", () => {
    expect(synthesized).toMatchSnapshot();
  });

  test("fromCommand runs the command directly (CMD) and deploy waits for health", () => {
    expect(synthesized).toHaveResourceWithProperties(ContainerResource, {
      wait: true,
      healthcheck: expect.objectContaining({ test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1:8080/"] }),
    });
  });

  // Every field explicit so the daemon fills in nothing and the second plan stays empty.
  test("every timing field is explicit: interval 10s, timeout 5s, retries 3, start period 0s", () => {
    expect(onlyResource(stack, "docker_container").healthcheck).toEqual({
      test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1:8080/"],
      interval: "10s",
      timeout: "5s",
      retries: 3,
      start_period: "0s",
    });
  });
});

describe("Healthcheck options", () => {
  test("fromShell runs a shell line (CMD-SHELL) with the given timings", () => {
    const stack = testStack();
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      healthcheck: Healthcheck.fromShell("wget -q -O- http://127.0.0.1:8080/ || exit 1", { intervalSeconds: 30, timeoutSeconds: 2, retries: 5 }),
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ContainerResource, {
      wait: false,
      healthcheck: expect.objectContaining({
        test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:8080/ || exit 1"],
        interval: "30s",
        timeout: "2s",
        retries: 5,
      }),
    });
  });

  test("startPeriodSeconds is synthesized as start_period", () => {
    const stack = testStack();
    new Container(stack, "Web", { image: pinnedImage(stack), healthcheck: Healthcheck.fromShell("true", { startPeriodSeconds: 15 }) });
    expect(onlyResource(stack, "docker_container").healthcheck).toMatchObject({ start_period: "15s" });
  });
});

describe("Healthcheck validation", () => {
  test("fails with an empty command", () => {
    expect(() => Healthcheck.fromCommand([])).toThrow("healthcheck command is empty. Fix: give the program and its arguments");
  });

  test.each(["", "   "])("fails with shell line %p", (line) => {
    expect(() => Healthcheck.fromShell(line)).toThrow("healthcheck shell line is empty. Fix: give a command line");
  });

  // Docker reads 0 as "use the default" for interval, timeout and retries.
  test.each([
    ["intervalSeconds", -1, 1],
    ["intervalSeconds", 0, 1],
    ["timeoutSeconds", 1.5, 1],
    ["retries", -3, 1],
    ["retries", 0, 1],
    ["startPeriodSeconds", NaN, 0],
    ["startPeriodSeconds", -1, 0],
  ])("fails with %s %p", (name, value, min) => {
    expect(() => Healthcheck.fromCommand(["true"], { [name]: value })).toThrow(
      `healthcheck ${name} ${value} is not a whole number of ${min} or more. Fix: give whole seconds or counts`,
    );
  });

  test("a start period of 0 is allowed", () => {
    expect(Healthcheck.fromCommand(["true"], { startPeriodSeconds: 0 })._render().startPeriod).toBe("0s");
  });
});
