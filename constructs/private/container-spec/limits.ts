import type { IConstruct } from "constructs";
import { ErrorCode } from "../../error-code";
import { isUnresolved } from "../../errors";
import { MIN_MEMORY_MIB } from "../security";
import { checkInteger, fail, kindOf, show } from "../validation/values";

/** Memory is sent to Docker in bytes, an int64: the largest MiB count that still fits. */
export const MAX_MEMORY_MIB = Math.floor(Number(2n ** 63n - 1n) / (1024 * 1024)) - 1;

/** A memory amount in MiB (a container's limit, a task's limit or reservation): whole, Docker's minimum to int64 bytes. */
export function checkMemoryMiB(scope: IConstruct, name: string, value: unknown): number | undefined {
  return checkInteger(scope, name, value, {
    min: MIN_MEMORY_MIB,
    max: MAX_MEMORY_MIB,
    minReason: `Docker's minimum of ${MIN_MEMORY_MIB} MiB`,
    maxReason: "what fits in Docker's int64 byte count",
  });
}

/** A number of CPUs for a Swarm task's limit or reservation (nano CPUs, at least swarmkit's 0.001). */
export function checkCpus(scope: IConstruct, name: string, value: unknown): number | undefined {
  if (value === undefined || isUnresolved(value)) return value as number | undefined;
  if (typeof value !== "number")
    throw fail(
      scope,
      ErrorCode.WRONG_TYPE,
      `${name} ${show(value)} is ${kindOf(value)}, not a number`,
      `give ${name} as a number, e.g. 0.5`,
    );
  if (!(value > 0 && Number.isInteger(Math.round(value * 1e9)) && value <= 1024)) {
    throw fail(
      scope,
      ErrorCode.INVALID_NUMBER,
      `${name} ${value} is not a positive number of CPUs`,
      "give e.g. 0.5 for half a core",
    );
  }
  // swarmkit (controlapi validateResources) refuses less than 1e6 nano CPUs.
  if (value < 0.001)
    throw fail(
      scope,
      ErrorCode.INVALID_NUMBER,
      `${name} ${value} is below Swarm's minimum of 0.001 CPUs`,
      "give at least 0.001, e.g. 0.5 for half a core",
    );
  return value;
}

/** Bytes, as a task spec's resources take memory. */
export function mebibytes(mib: number): number {
  return mib * 1024 * 1024;
}

/** Nano CPUs, as a task spec's resources take CPUs. */
export function nanoCpus(cpus: number): number {
  return Math.round(cpus * 1e9);
}
