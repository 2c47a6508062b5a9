import type { ContainerHealthcheck } from "@cdktf/provider-docker/lib/container";
import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import type { Healthcheck } from "../../healthcheck";
import { serviceDuration } from "../validation/duration";
import { fail, show } from "../validation/values";

/** The `healthcheck` prop of a container or a service: a Healthcheck from its factories. */
export function checkHealthcheck(scope: IConstruct, value: unknown): Healthcheck | undefined {
  if (value !== undefined && (value === null || typeof (value as { _render?: unknown })._render !== "function")) {
    throw fail(
      scope,
      ErrorCode.WRONG_TYPE,
      `healthcheck ${show(value)} is not a Healthcheck`,
      "use Healthcheck.fromCommand(...) or Healthcheck.fromShell(...)",
    );
  }
  return value as Healthcheck | undefined;
}

/** docker_container's `healthcheck` block: Go durations, as the provider reads them back for containers. */
export function healthcheckForContainer(healthcheck: Healthcheck | undefined): ContainerHealthcheck | undefined {
  return healthcheck?._render();
}

/** A task spec's `healthcheck` block: the provider reads a service's durations back shortened ("1m", not "1m0s"). */
export function healthcheckForService(healthcheck: Healthcheck | undefined) {
  if (!healthcheck) return undefined;
  const rendered = healthcheck._render();
  const short = (d: string | undefined) => (d === undefined ? undefined : serviceDuration(d));
  return {
    ...rendered,
    interval: short(rendered.interval),
    timeout: short(rendered.timeout),
    startPeriod: short(rendered.startPeriod),
  };
}
