import { Container as ContainerResource } from "@cdktf/provider-docker/lib/container";
import { Testing } from "cdktf";
import { Container, ErrorCode, Healthcheck } from "../../constructs";
import { expectDefinitionError, onlyResource, testStack } from "../helpers";
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
      healthcheck: Healthcheck.fromShell("wget -q -O- http://127.0.0.1:8080/ || exit 1", {
        intervalSeconds: 30,
        timeoutSeconds: 2,
        retries: 5,
      }),
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
    new Container(stack, "Web", {
      image: pinnedImage(stack),
      healthcheck: Healthcheck.fromShell("true", { startPeriodSeconds: 15 }),
    });
    expect(onlyResource(stack, "docker_container").healthcheck).toMatchObject({ start_period: "15s" });
  });
});

describe("Healthcheck validation", () => {
  test("fails with an empty command", () => {
    expectDefinitionError(
      () => Healthcheck.fromCommand([]),
      ErrorCode.BLANK_VALUE,
      "healthcheck command is empty. Fix: give the program and its arguments",
    );
  });

  test.each(["", "   "])("fails with shell line %p", (line) => {
    expectDefinitionError(
      () => Healthcheck.fromShell(line),
      ErrorCode.BLANK_VALUE,
      "healthcheck shell line is empty. Fix: give a command line",
    );
  });

  // Docker reads 0 as "use the default" for interval, timeout and retries, and refuses under 1 ms.
  test.each([
    ["intervalSeconds", -1, "is below the minimum of 0"],
    ["intervalSeconds", 0, "is below Docker's minimum of 0.001 s"],
    ["timeoutSeconds", 0.0001, "is below Docker's minimum of 0.001 s"],
    ["startPeriodSeconds", NaN, "is not a finite number"],
    ["startPeriodSeconds", -1, "is below the minimum of 0"],
    ["intervalSeconds", 1e10, "is above the longest duration Go (and so Docker) can hold, about 292 years"],
    ["retries", -3, "is below 1 (0 means Docker's default of 3)"],
    ["retries", 0, "is below 1 (0 means Docker's default of 3)"],
    ["retries", 1.5, "is not a whole number"],
  ])("fails with %s %p", (name, value, problem) => {
    expectDefinitionError(
      () => Healthcheck.fromCommand(["true"], { [name]: value }),
      ErrorCode.INVALID_NUMBER,
      `[Healthcheck.fromCommand] ${name} ${value} ${problem}. Fix: `,
    );
  });

  test("fails with a string where seconds belong, saying so", () => {
    expect(() => Healthcheck.fromShell("true", { intervalSeconds: "5" as unknown as number })).toThrow(
      '[Healthcheck.fromShell] intervalSeconds "5" is a string, not a number',
    );
  });

  test("fails with an unknown option", () => {
    expectDefinitionError(
      () => Healthcheck.fromShell("true", { interval: 5 } as never),
      ErrorCode.UNKNOWN_PROP,
      "[Healthcheck.fromShell] unknown prop 'interval' in HealthcheckOptions. Fix: use intervalSeconds (the unit is in the name) (UnknownProp)",
    );
  });

  test("fails with a blank program", () => {
    expectDefinitionError(
      () => Healthcheck.fromCommand([" "]),
      ErrorCode.BLANK_VALUE,
      "[Healthcheck.fromCommand] healthcheck command is empty",
    );
  });

  // Docker takes sub-second durations (--health-interval 500ms); the provider reads them
  // back as Go prints them, so they are written that way and the second plan stays empty.
  test.each([
    [0.5, "500ms"],
    [1.5, "1.5s"],
    [90, "1m30s"],
    [3600, "1h0m0s"],
    [0.001, "1ms"],
  ])("intervalSeconds %p is written as Go's %p", (seconds, written) => {
    expect(Healthcheck.fromCommand(["true"], { intervalSeconds: seconds })._render().interval).toBe(written);
  });

  test("undefined options mean the defaults", () => {
    const rendered = Healthcheck.fromCommand(["true"], { intervalSeconds: undefined, retries: undefined })._render();
    expect(rendered).toEqual({ test: ["CMD", "true"], interval: "10s", timeout: "5s", retries: 3, startPeriod: "0s" });
  });

  test("a start period of 0 is allowed", () => {
    expect(Healthcheck.fromCommand(["true"], { startPeriodSeconds: 0 })._render().startPeriod).toBe("0s");
  });
});
