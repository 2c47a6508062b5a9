import { ContainerHealthcheck } from "@cdktf/provider-docker/lib/container";

export interface HealthcheckOptions {
  /**
   * @default 10
   */
  readonly intervalSeconds?: number;
  /**
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
    if (command.length === 0) throw new Error("healthcheck command is empty. Fix: give the program and its arguments");
    return new Healthcheck(["CMD", ...command], options);
  }

  /** Runs a shell line (`CMD-SHELL`), e.g. `"wget -q -O- http://127.0.0.1:8080/ || exit 1"`. */
  public static fromShell(line: string, options: HealthcheckOptions = {}): Healthcheck {
    if (line.trim() === "") throw new Error("healthcheck shell line is empty. Fix: give a command line");
    return new Healthcheck(["CMD-SHELL", line], options);
  }

  private constructor(
    private readonly test: string[],
    private readonly options: HealthcheckOptions,
  ) {
    for (const [name, value] of Object.entries(options)) {
      // Docker reads 0 as "use the default" for everything but the start period.
      const min = name === "startPeriodSeconds" ? 0 : 1;
      if (!Number.isInteger(value) || value < min) {
        throw new Error(`healthcheck ${name} ${value} is not a whole number of ${min} or more. Fix: give whole seconds or counts`);
      }
    }
  }

  /** @internal Seconds until the engine can call a task that never answers unhealthy. */
  public _failureSeconds(): number {
    const o = this.options;
    return (o.startPeriodSeconds ?? 0) + ((o.retries ?? 3) + 1) * (o.intervalSeconds ?? 10) + (o.timeoutSeconds ?? 5);
  }

  /** @internal The provider's `healthcheck` block; every field explicit so plans stay empty. */
  public _render(): ContainerHealthcheck {
    const o = this.options;
    return {
      test: [...this.test],
      interval: `${o.intervalSeconds ?? 10}s`,
      timeout: `${o.timeoutSeconds ?? 5}s`,
      retries: o.retries ?? 3,
      startPeriod: `${o.startPeriodSeconds ?? 0}s`,
    };
  }
}
