// Two deploys of one stack at once: Terraform's state lock, said in one line.
//
// What Terraform 1.11's local backend does (measured with a terraform_data resource whose
// local-exec provisioner sleeps; the recordings are in test/fixtures/terraform-lock):
// - plan and apply lock the state file with an OS lock (fcntl F_SETLK: a POSIX lock that
//   /proc/locks lists under the terraform process) and write the lock's details beside the
//   state as `.<state file name>.lock.info` (JSON: ID, Operation, Info, Who, Version, Created,
//   Path). init and console do not take that lock.
// - With -lock-timeout, a second plan or apply prints "Acquiring state lock. This may take a
//   few moments..." (stdout) and, when the time is up, "Error: Error acquiring the state lock"
//   with a "Lock Info:" block (stderr), exit code 1.
// - Without the .lock.info file (a holder that is not Terraform, or the instant between taking
//   the lock and writing the file), the error comes at once, without waiting or a Lock Info block,
//   its "Error message:" naming the missing file.
// - A holder killed with SIGKILL leaves the .lock.info file behind, but its OS lock dies with
//   it: the next plan or apply takes the lock at once and replaces the file. A holder sent
//   SIGTERM stops gracefully ("Interrupt received"), writes its state and unlocks.
// - `terraform force-unlock <ID>` answers "LocalState not locked" (exit 1) for a local state,
//   whether the holder is alive or dead: the lock belongs to the holder's process.
// A remote backend keeps the lock in the backend, where a killed holder's lock stays until
// someone runs force-unlock.
import * as fs from "fs";
import * as path from "path";

/** Seconds Terraform waits for a state lock another deploy holds, unless --lock-timeout says otherwise. */
export const DEFAULT_LOCK_TIMEOUT = 60;

/** What Terraform says when it gave up waiting for the lock. */
export const LOCK_ERROR = "Error acquiring the state lock";

/** What Terraform prints on stdout when taking the lock takes longer than 400 ms. */
export const ACQUIRING_LOCK = "Acquiring state lock. This may take a few moments...";

/** The lock's details, as the local backend writes them next to the state file. */
export interface LockInfo {
  readonly ID: string;
  readonly Operation: string;
  readonly Info: string;
  readonly Who: string;
  readonly Version: string;
  readonly Created: string;
  readonly Path: string;
}

/** A process that holds an OS lock on the state file (/proc/locks); pid undefined for an open file description lock. */
export interface LockHolder {
  readonly pid?: number;
  /** Its program and first argument, e.g. "terraform apply". */
  readonly command?: string;
}

/** What is known about a local state's lock before Terraform runs. */
export interface SeenLock {
  readonly info: LockInfo;
  /** Who holds the OS lock: none means the .lock.info file was left behind; undefined: cannot tell. */
  readonly holders: readonly LockHolder[] | undefined;
}

/** The file the local backend writes the lock's details to: `.<state file name>.lock.info` beside it. */
export function lockInfoFile(stateFile: string): string {
  return path.join(path.dirname(stateFile), `.${path.basename(stateFile)}.lock.info`);
}

/** The lock info JSON, or undefined when it is not one. */
export function parseLockInfo(json: string): LockInfo | undefined {
  try {
    const value = JSON.parse(json) as Partial<Record<keyof LockInfo, unknown>>;
    if (typeof value?.ID !== "string" || !value.ID) return undefined;
    const text = (key: keyof LockInfo) => (typeof value[key] === "string" ? (value[key] as string) : "");
    return {
      ID: value.ID,
      Operation: text("Operation"),
      Info: text("Info"),
      Who: text("Who"),
      Version: text("Version"),
      Created: text("Created"),
      Path: text("Path"),
    };
  } catch {
    return undefined;
  }
}

/** The details of the lock on a local state file, if its .lock.info file is there. */
export function readLockInfo(stateFile: string): LockInfo | undefined {
  try {
    return parseLockInfo(fs.readFileSync(lockInfoFile(stateFile), "utf8"));
  } catch {
    return undefined;
  }
}

/** Whether Terraform's output is its "could not take the state lock" error. */
export function isStateLockError(output: string): boolean {
  return output.includes(LOCK_ERROR);
}

/** The "Error message:" of Terraform's lock error, on one line ("resource temporarily unavailable"). */
export function lockErrorMessage(output: string): string | undefined {
  const message = /\nError message: ([\s\S]*?)(?:\nLock Info:|\n\n|$)/.exec(output);
  return message ? message[1].replace(/\s+/g, " ").trim() : undefined;
}

/** Whether Terraform waited for the lock before it gave up: it says so after 400 ms. */
export function terraformWaited(output: string): boolean {
  return output.includes(ACQUIRING_LOCK);
}

/** The "Lock Info:" block Terraform prints with the error, read back into a LockInfo. */
export function lockInfoFromOutput(output: string): LockInfo | undefined {
  const start = output.indexOf("\nLock Info:\n");
  if (start < 0) return undefined;
  const fields: Record<string, string> = {};
  for (const line of output.slice(start + "\nLock Info:\n".length).split("\n")) {
    const field = /^\s+(\w+):\s*(.*)$/.exec(line);
    if (!field) break;
    fields[field[1]] = field[2].trim();
  }
  return parseLockInfo(JSON.stringify(fields));
}

/**
 * The pids holding a lock on the file with this inode, from /proc/locks' lines
 * ("8: POSIX  ADVISORY  WRITE 2048 fe:00:9978202 0 EOF"); a waiter's line ("8: -> POSIX ...")
 * does not count, an open file description lock's pid is -1 (undefined here). The device is
 * not compared: stat and /proc/locks can name it differently (overlayfs), and a false "held"
 * only makes the message say Terraform waits when it does not.
 */
export function parseProcLocks(text: string, inode: bigint | number): (number | undefined)[] {
  const pids: (number | undefined)[] = [];
  for (const line of text.split("\n")) {
    const lock = /^\d+:\s+(\w+)\s+\w+\s+\w+\s+(-?\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (!lock || BigInt(lock[3]) !== BigInt(inode)) continue;
    const pid = Number(lock[2]);
    pids.push(pid > 0 ? pid : undefined);
  }
  return pids;
}

/** Who holds an OS lock on the state file: [] nobody, undefined when it cannot tell (no /proc/locks, no file). */
export function stateLockHolders(stateFile: string, procLocks = "/proc/locks"): LockHolder[] | undefined {
  let text: string;
  let inode: bigint;
  try {
    inode = fs.statSync(stateFile, { bigint: true }).ino;
    text = fs.readFileSync(procLocks, "utf8");
  } catch {
    return undefined;
  }
  return parseProcLocks(text, inode).map((pid) => ({ pid, command: pid === undefined ? undefined : commandOf(pid) }));
}

/** "terraform apply" for a running `terraform apply -auto-approve ...`; undefined when it is gone. */
function commandOf(pid: number): string | undefined {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    return argv.length ? [path.basename(argv[0]), ...argv.slice(1, 2)].join(" ") : undefined;
  } catch {
    return undefined;
  }
}

/** The lock on a local state as seen before Terraform runs; undefined when there is no .lock.info file. */
export function seeStateLock(stateFile: string, procLocks?: string): SeenLock | undefined {
  const info = readLockInfo(stateFile);
  return info && { info, holders: stateLockHolders(stateFile, procLocks) };
}

/** "OperationTypeApply" -> "apply". */
function operation(info: LockInfo): string {
  return info.Operation.replace(/^OperationType/, "").toLowerCase() || "unknown operation";
}

/** "2026-12-05T16:33:14.65645196Z" (the file) or "2026-12-05 16:33:14.65645196 +0000 UTC" (the output) -> "2026-12-05 16:33:14 UTC". */
export function since(created: string): string {
  const utc = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.\d+)?(?:Z| \+0000 UTC)$/.exec(created);
  return utc ? `${utc[1]} ${utc[2]} UTC` : created || "an unknown time";
}

/** "root@vm (apply, since 2026-12-05 16:33:14 UTC, lock ID 035c...; process 5873: terraform apply)". */
export function describeLock(info: LockInfo | undefined, holders?: readonly LockHolder[]): string {
  const processes = (holders ?? [])
    .filter((h) => h.pid !== undefined)
    .map((h) => `process ${h.pid}${h.command ? `: ${h.command}` : ""}`);
  const on = processes.length ? `; ${processes.join(", ")}` : "";
  if (!info) return `another Terraform run (no lock info${on})`;
  const note = info.Info ? `, "${info.Info}"` : "";
  return `${info.Who || "someone"} (${operation(info)}${note}, since ${since(info.Created)}, lock ID ${info.ID}${on})`;
}

/** Said once, before Terraform waits for a lock someone else holds. */
export function waitingLine(
  stack: string,
  info: LockInfo | undefined,
  holders: readonly LockHolder[] | undefined,
  timeoutSeconds: number,
): string {
  const who = info || holders?.length ? ` by ${describeLock(info, holders)}` : "";
  return `[deploy] ${stack}: the state is locked${who}: waiting up to ${timeoutSeconds} s for it to be released (--lock-timeout <seconds> to change)`;
}

/** Said when a .lock.info file is there but no process holds the lock: a holder that was killed. */
export function staleLockLine(stack: string, stateFile: string, info: LockInfo): string {
  return (
    `[deploy] ${stack}: ${lockInfoFile(stateFile)} is left from a Terraform run that did not finish, by ${describeLock(info)}; ` +
    "no process holds the state lock any more (a local state's lock ends with the process that took it, e.g. a deploy that was killed), " +
    `so Terraform takes the lock and replaces that file: there is nothing to unlock (\`terraform force-unlock ${info.ID}\` only answers "LocalState not locked").`
  );
}

/** What the one line after the timeout is made of. */
export interface LockedRun {
  readonly stack: string;
  /** The stack folder (where terraform runs). */
  readonly dir: string;
  /** The local state file; undefined for a remote backend. */
  readonly stateFile: string | undefined;
  readonly timeoutSeconds: number;
  /** Terraform's output (what it waited, what it said). */
  readonly output: string;
  /** The lock's details: the .lock.info file, else the "Lock Info:" block of Terraform's output. */
  readonly info: LockInfo | undefined;
  readonly holders: readonly LockHolder[] | undefined;
  /** The file with Terraform's full output. */
  readonly log: string;
}

/** Terraform's page about a held state lock, as one line with who holds it and the fix. */
export function stateLockedLine(run: LockedRun): string {
  const reason = lockErrorMessage(run.output);
  const waited = terraformWaited(run.output)
    ? `stayed locked for ${run.timeoutSeconds} s`
    : `Terraform did not wait for it (${run.timeoutSeconds ? (reason ?? "no reason given") : "--lock-timeout 0"})`;
  const head = `[deploy] ${run.stack}: the state is locked by ${describeLock(run.info, run.holders)} and ${waited}.`;
  const wait = "Fix: wait for that deploy to finish, then deploy again (--lock-timeout <seconds> waits longer)";
  const forceUnlock = `\`terraform force-unlock ${run.info?.ID ?? "<lock ID>"}\` in ${run.dir}`;
  let fix: string;
  if (run.stateFile) {
    const known = (run.holders ?? []).filter((h) => h.pid !== undefined);
    const graceful = known.every((h) => !h.command || h.command.startsWith("terraform"))
      ? ": Terraform stops gracefully, saves the state and unlocks"
      : "";
    const stop = known.length
      ? `, or stop it (\`kill ${known.map((h) => h.pid).join(" ")}\`${graceful})`
      : ", or stop it";
    fix = `${wait}${stop}. A local state's lock ends with the process that holds it, so a killed deploy leaves nothing to unlock: ${forceUnlock} only answers "LocalState not locked".`;
  } else {
    fix = `${wait}; if no deploy is running (it was killed), ${forceUnlock}.`;
  }
  return `${head} ${fix} Terraform's output: ${run.log}`;
}
