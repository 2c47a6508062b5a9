import { IConstruct } from "constructs";
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
  syslog: ["syslog-address", "syslog-facility", "syslog-tls-ca-cert", "syslog-tls-cert", "syslog-tls-key", "syslog-tls-skip-verify", "syslog-format", ...TAG_OPTIONS],
};
const DRIVER_NAME = /^[a-z0-9][a-z0-9._/-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

/** Throws on a malformed driver name, or an option the built-in driver does not take. */
export function checkLogging(scope: IConstruct, logging: LoggingOptions): void {
  if (!DRIVER_NAME.test(logging.driver)) {
    throw invalid(scope, ErrorCode.INVALID_LOGGING_DRIVER, `invalid logging driver name '${logging.driver}'`, "give a driver such as json-file, local or journald, or a plugin name[:tag]");
  }
  const known = DRIVER_OPTIONS[logging.driver];
  if (!known) return;
  for (const option of Object.keys(logging.options ?? {})) {
    if (COMMON_OPTIONS.includes(option)) continue;
    if (!known.includes(option)) {
      const fix = known.length ? `use ${[...known, ...COMMON_OPTIONS].join(", ")}` : "drop the options: this driver takes none";
      throw invalid(scope, ErrorCode.UNKNOWN_LOGGING_OPTION, `logging driver ${logging.driver} does not take the option '${option}'`, fix);
    }
  }
  const mode = logging.options?.mode;
  if (mode !== undefined && !["blocking", "non-blocking"].includes(mode)) {
    throw invalid(scope, ErrorCode.UNKNOWN_VALUE, `logging mode '${mode}'`, "use blocking or non-blocking");
  }
}
