import type { IConstruct } from "constructs";
import { ErrorCode } from "../error-code";
import { invalid } from "../errors";

// Linux signal names as Docker parses them (moby/sys/signal): "SIG" optional, any case.
const NAMES = [
  "ABRT",
  "ALRM",
  "BUS",
  "CHLD",
  "CLD",
  "CONT",
  "FPE",
  "HUP",
  "ILL",
  "INT",
  "IO",
  "IOT",
  "KILL",
  "PIPE",
  "POLL",
  "PROF",
  "PWR",
  "QUIT",
  "SEGV",
  "STKFLT",
  "STOP",
  "SYS",
  "TERM",
  "TRAP",
  "TSTP",
  "TTIN",
  "TTOU",
  "URG",
  "USR1",
  "USR2",
  "VTALRM",
  "WINCH",
  "XCPU",
  "XFSZ",
  "RTMIN",
  "RTMAX",
];
const REALTIME = /^RT(MIN\+([1-9]|1[0-5])|MAX-([1-9]|1[0-4]))$/;

/** True when Docker's signal parser accepts `signal` (a name, with or without SIG, or 1-64). */
export function isDockerSignal(signal: string): boolean {
  if (/^[0-9]+$/.test(signal)) return Number(signal) >= 1 && Number(signal) <= 64;
  const name = signal.toUpperCase().replace(/^SIG/, "");
  return NAMES.includes(name) || REALTIME.test(name);
}

/** Throws unless `signal` is one Docker can send on stop. */
export function checkStopSignal(scope: IConstruct, signal: string): void {
  if (!isDockerSignal(signal)) {
    throw invalid(
      scope,
      ErrorCode.UNKNOWN_VALUE,
      `unknown stop signal '${signal}'`,
      "use a Linux signal name such as SIGTERM, SIGQUIT or SIGINT, or a number from 1 to 64",
    );
  }
}
