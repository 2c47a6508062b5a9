import type { ContainerHealthcheck } from "@cdktf/provider-docker/lib/container";
import { literalList } from "./private/terraform-literal";
import { isUnresolved } from "./errors";
import { secondsAsGoDuration } from "./private/validation/duration";
import { checkObject, checkString, checkStringList, fail } from "./private/validation/values";
import { ErrorCode } from "./error-code";
import { checkKnownProps } from "./private/validation/known-props";
import { HEALTHCHECK_OPTIONS_SCHEMA } from "./private/validation/option-schemas";
import { checkWithSchema, schemaKeys } from "./private/validation/schema";

/** The first word of Docker's healthcheck test, which the factories write: a command must not repeat it. */
const TEST_KEYWORDS = ["CMD", "CMD-SHELL", "NONE"];

export interface HealthcheckOptions {
  /**
   * Seconds between checks; fractions are fine (0.5 is Docker's `500ms`), at least 0.001.
   * @default 10
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds one check may take; fractions are fine, at least 0.001.
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Failures in a row before the container counts as unhealthy.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Grace period after start during which failures do not count.
   * @default 0
   */
  readonly startPeriodSeconds?: number;
}

/** A container healthcheck (`HEALTHCHECK` / `--health-cmd`). */
export class Healthcheck {
  /** Runs the command directly (`CMD`), e.g. `["wget", "-q", "-O-", "http://127.0.0.1:8080/"]`. */
  public static fromCommand(command: string[], options: HealthcheckOptions = {}): Healthcheck {
    const where = "Healthcheck.fromCommand";
    checkKnownProps(where, "HealthcheckOptions", options, schemaKeys(HEALTHCHECK_OPTIONS_SCHEMA));
    checkStringList(where, "command", command);
    if (command === undefined || command.length === 0 || command[0].trim() === "")
      throw fail(where, ErrorCode.BLANK_VALUE, "healthcheck command is empty", "give the program and its arguments");
    if (TEST_KEYWORDS.includes(command[0])) {
      const rest = command.slice(1);
      throw fail(
        where,
        ErrorCode.HEALTHCHECK_KEYWORD,
        `healthcheck command ${JSON.stringify(command)} starts with ${command[0]}, which fromCommand writes itself: Docker would run a program named ${command[0]}`,
        command[0] === "CMD-SHELL"
          ? `use Healthcheck.fromShell(${JSON.stringify(rest.join(" "))})`
          : `drop it: Healthcheck.fromCommand(${JSON.stringify(rest)})`,
      );
    }
    return new Healthcheck(where, ["CMD", ...command], options);
  }

  /** Runs a shell line (`CMD-SHELL`), e.g. `"wget -q -O- http://127.0.0.1:8080/ || exit 1"`. */
  public static fromShell(line: string, options: HealthcheckOptions = {}): Healthcheck {
    const where = "Healthcheck.fromShell";
    checkKnownProps(where, "HealthcheckOptions", options, schemaKeys(HEALTHCHECK_OPTIONS_SCHEMA));
    checkString(where, "shell line", line);
    if (line === undefined || line.trim() === "")
      throw fail(where, ErrorCode.BLANK_VALUE, "healthcheck shell line is empty", "give a command line");
    const keyword = /^\s*(CMD-SHELL|CMD|NONE)(\s|$)/.exec(line)?.[1];
    if (keyword !== undefined) {
      throw fail(
        where,
        ErrorCode.HEALTHCHECK_KEYWORD,
        `healthcheck shell line ${JSON.stringify(line)} starts with ${keyword}, which fromShell writes itself (CMD-SHELL): the shell would run a program named ${keyword}`,
        `drop it: Healthcheck.fromShell(${JSON.stringify(line.trim().slice(keyword.length).trim())})`,
      );
    }
    return new Healthcheck(where, ["CMD-SHELL", line], options);
  }

  private readonly rendered: ContainerHealthcheck;
  private readonly failureSeconds: number;

  private constructor(where: string, test: string[], options: HealthcheckOptions) {
    checkWithSchema(where, HEALTHCHECK_OPTIONS_SCHEMA, checkObject(where, "options", options) ?? {});
    const { intervalSeconds = 10, timeoutSeconds = 5, retries = 3, startPeriodSeconds = 0 } = options ?? {};
    const seconds = (v: number, d: number) => (isUnresolved(v) ? d : v);
    this.failureSeconds = Math.ceil(
      seconds(startPeriodSeconds, 0) +
        (seconds(retries, 3) + 1) * seconds(intervalSeconds, 10) +
        seconds(timeoutSeconds, 5),
    );
    this.rendered = {
      test: literalList(test),
      interval: secondsAsGoDuration(intervalSeconds),
      timeout: secondsAsGoDuration(timeoutSeconds),
      retries,
      startPeriod: secondsAsGoDuration(startPeriodSeconds),
    };
  }

  /** @internal Seconds until the engine can call a task that never answers unhealthy. */
  public _failureSeconds(): number {
    return this.failureSeconds;
  }

  /** @internal The provider's `healthcheck` block; every field explicit so plans stay empty. */
  public _render(): ContainerHealthcheck {
    return { ...this.rendered, test: [...this.rendered.test] };
  }
}
