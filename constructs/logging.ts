import type { IConstruct } from "constructs";
import { ErrorCode } from "./error-code";
import { invalid } from "./errors";

/** Where the engine sends a container's output (`--log-driver`, `--log-opt`). */
export interface LoggingOptions {
  /** A driver the engine has: json-file, local, journald, syslog, none... or a plugin `name[:tag]`. */
  readonly driver: string;
  /**
   * Driver options, e.g. `{ "max-size": "10m", "max-file": "3" }`.
   * @default - the engine's defaults for the driver
   */
  readonly options?: Record<string, string>;
}

// Options every driver takes (the log buffer), then each built-in driver's own
// (moby daemon/logger/<driver>.ValidateLogOpt). Drivers not listed are checked by the engine.
const COMMON_OPTIONS = ["mode", "max-buffer-size"];
const FILE_OPTIONS = ["max-size", "max-file", "compress"];
const TAG_OPTIONS = ["labels", "labels-regex", "env", "env-regex", "tag"];
const DRIVER_OPTIONS: Record<string, string[]> = {
  "json-file": [...FILE_OPTIONS, ...TAG_OPTIONS],
  local: FILE_OPTIONS,
  none: [],
  journald: [...TAG_OPTIONS],
  syslog: [
    "syslog-address",
    "syslog-facility",
    "syslog-tls-ca-cert",
    "syslog-tls-cert",
    "syslog-tls-key",
    "syslog-tls-skip-verify",
    "syslog-format",
    ...TAG_OPTIONS,
  ],
};
const DRIVER_NAME = /^[a-z0-9][a-z0-9._/-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

/** Throws on a malformed driver name, or an option the built-in driver does not take. */
export function checkLogging(scope: IConstruct, logging: LoggingOptions): void {
  if (!DRIVER_NAME.test(logging.driver)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_LOGGING_DRIVER,
      `invalid logging driver name '${logging.driver}'`,
      "give a driver such as json-file, local or journald, or a plugin name[:tag]",
    );
  }
  const known = DRIVER_OPTIONS[logging.driver];
  if (!known) return;
  for (const option of Object.keys(logging.options ?? {})) {
    if (COMMON_OPTIONS.includes(option)) continue;
    if (!known.includes(option)) {
      const fix = known.length
        ? `use ${[...known, ...COMMON_OPTIONS].join(", ")}`
        : "drop the options: this driver takes none";
      throw invalid(
        scope,
        ErrorCode.UNKNOWN_LOGGING_OPTION,
        `logging driver ${logging.driver} does not take the option '${option}'`,
        fix,
      );
    }
  }
  const options = logging.options ?? {};
  const mode = options.mode;
  if (mode !== undefined && !["blocking", "non-blocking"].includes(mode)) {
    throw invalid(scope, ErrorCode.UNKNOWN_VALUE, `logging mode '${mode}'`, "use blocking or non-blocking");
  }
  // The daemon checks the buffer on create (logger.ValidateLogOpts), json-file and local their
  // own options when the container starts: either way the deploy fails.
  const buffer = options["max-buffer-size"];
  if (buffer !== undefined) {
    if (mode !== "non-blocking") {
      throw invalid(
        scope,
        ErrorCode.CONFLICTING_PROPS,
        `logging option max-buffer-size ${JSON.stringify(buffer)} without mode non-blocking`,
        "set the option mode to non-blocking, or drop max-buffer-size",
      );
    }
    checkSize(scope, "max-buffer-size", buffer);
  }
  if (logging.driver !== "json-file" && logging.driver !== "local") return;
  const maxSize = options["max-size"];
  if (maxSize !== undefined) checkSize(scope, "max-size", maxSize);
  const maxFile = options["max-file"];
  const minFiles = logging.driver === "json-file" ? 1 : 0;
  if (maxFile !== undefined && (!/^[+-]?\d+$/.test(maxFile) || Number(maxFile) < minFiles)) {
    throw invalid(
      scope,
      ErrorCode.INVALID_NUMBER,
      `logging option max-file ${JSON.stringify(maxFile)} of driver ${logging.driver} is not a whole number of ${minFiles} or more`,
      'give the number of log files to keep, e.g. "3"',
    );
  }
  const compress = options.compress;
  if (compress !== undefined) {
    if (!GO_BOOLEANS.includes(compress)) {
      throw invalid(
        scope,
        ErrorCode.UNKNOWN_VALUE,
        `logging option compress ${JSON.stringify(compress)} is not a boolean`,
        'give "true" or "false"',
      );
    }
    const files = maxFile === undefined ? (logging.driver === "json-file" ? 1 : 5) : Number(maxFile);
    if (logging.driver === "json-file" && GO_BOOLEANS.indexOf(compress) < 6 && (files < 2 || maxSize === undefined)) {
      throw invalid(
        scope,
        ErrorCode.CONFLICTING_PROPS,
        `logging option compress ${compress} with ${maxSize === undefined ? "no max-size" : `max-file ${files}`}: json-file rotates (and so compresses) only with max-size and max-file of 2 or more`,
        'set max-size and max-file (e.g. "10m" and "3"), or drop compress',
      );
    }
  }
}

/** Go's strconv.ParseBool: the true spellings first, then the false ones. */
const GO_BOOLEANS = ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"];
/** A size as docker/go-units parses it: "10m", "1.5g", "512k", "10MiB", "100". */
const SIZE = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;

function checkSize(scope: IConstruct, option: string, value: string): void {
  if (!SIZE.test(value) || Number.parseFloat(value) <= 0) {
    throw invalid(
      scope,
      ErrorCode.INVALID_NUMBER,
      `logging option ${option} ${JSON.stringify(value)} is not a positive size`,
      'give a size such as "10m", "512k" or "1g"',
    );
  }
}
