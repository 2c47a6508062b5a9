import type { IConstruct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid } from "./errors";

/** The resource names Docker's `--ulimit` accepts (docker/go-units, setrlimit(2) without RLIMIT_). */
export const ULIMIT_NAMES = [
  "core",
  "cpu",
  "data",
  "fsize",
  "locks",
  "memlock",
  "msgqueue",
  "nice",
  "nofile",
  "nproc",
  "rss",
  "rtprio",
  "rttime",
  "sigpending",
  "stack",
];

/** One `--ulimit name=soft:hard`. */
export interface Ulimit {
  /** A resource name from ULIMIT_NAMES, e.g. "nofile". */
  readonly name: string;
  /** The limit the process starts with; -1 for unlimited. */
  readonly soft: number;
  /** The ceiling the process may raise its soft limit to; -1 for unlimited. */
  readonly hard: number;
}

/** Throws on a name Docker does not know, a bad number or soft above hard, as Docker does. */
export function checkUlimits(scope: IConstruct, ulimits: readonly Ulimit[]): void {
  const seen = new Set<string>();
  for (const u of ulimits) {
    if (!ULIMIT_NAMES.includes(u.name)) {
      throw invalid(
        scope,
        ErrorCode.UNKNOWN_VALUE,
        `unknown ulimit '${u.name}'`,
        `use one of ${ULIMIT_NAMES.join(", ")}`,
      );
    }
    if (seen.has(u.name))
      throw invalid(scope, ErrorCode.DUPLICATE_ENTRY, `ulimit '${u.name}' given twice`, "give each ulimit once");
    seen.add(u.name);
    for (const [which, value] of [
      ["soft", u.soft],
      ["hard", u.hard],
    ] as const) {
      if (!Number.isInteger(value) || value < -1) {
        throw invalid(
          scope,
          ErrorCode.INVALID_NUMBER,
          `ulimit ${u.name} ${which} limit ${value} is not a whole number of -1 (unlimited) or more`,
          "give e.g. 65536",
        );
      }
    }
    if (u.name === "nofile" && (u.soft === -1 || u.hard === -1)) {
      // setrlimit(RLIMIT_NOFILE) above fs.nr_open fails with EPERM, so the container never starts.
      throw invalid(
        scope,
        ErrorCode.INVALID_NUMBER,
        `ulimit nofile ${u.soft === -1 ? "soft" : "hard"} limit -1 (unlimited): the kernel caps open files at fs.nr_open and refuses unlimited`,
        "give a number, e.g. 65536 (at most the host's fs.nr_open, 1048576 by default)",
      );
    }
    const soft = u.soft === -1 ? Infinity : u.soft;
    const hard = u.hard === -1 ? Infinity : u.hard;
    if (soft > hard) {
      throw invalid(
        scope,
        ErrorCode.LIMITS_OUT_OF_ORDER,
        `ulimit ${u.name} soft limit ${u.soft} is above its hard limit ${u.hard}`,
        "make soft at most hard, as setrlimit(2) requires",
      );
    }
  }
}
