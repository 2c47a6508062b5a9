import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  isStateLockError,
  lockErrorMessage,
  lockInfoFile,
  lockInfoFromOutput,
  parseLockInfo,
  parseProcLocks,
  readLockInfo,
  seeStateLock,
  since,
  stateLockHolders,
  terraformWaited,
  stateLockedLine,
  staleLockLine,
  waitingLine,
} from "../../../../tools/cli/deploy/state-lock";

// Recorded with Terraform 1.11.4 and a local backend (state /tmp/lockrec/terraform.demo.tfstate),
// a terraform_data resource whose local-exec provisioner sleeps 20 s holding the lock:
// - apply-lock-timeout.txt: a second `terraform apply -lock-timeout=2s`, stdout and stderr
//   together (`plan -refresh=false -detailed-exitcode -lock-timeout=2s` printed the same bytes);
// - lock-info.json: the holder's /tmp/lockrec/.terraform.demo.tfstate.lock.info; after the
//   holder was killed (SIGKILL) the same file was still there, byte for byte;
// - apply-lock-timeout-0.txt: the same without -lock-timeout (it does not wait, says nothing first);
// - apply-lock-no-info.txt: `npm run deploy -- --lock-timeout 2` while another process held the
//   state file's lock without writing a .lock.info file: Terraform failed at once;
// - proc-locks.txt: /proc/locks meanwhile: the holder (pid 5873) has a POSIX lock on the state
//   file (inode 10846224); after the SIGKILL no line named that inode.
const FIXTURES = path.join(__dirname, "..", "..", "..", "fixtures", "terraform-lock");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const OUTPUT = fixture("apply-lock-timeout.txt");
const INFO = parseLockInfo(fixture("lock-info.json"))!;
const ID = "035c5fd4-62f4-b561-b3c8-876a4f050a73";
const STATE_INODE = 10846224n;

describe("reading the state lock", () => {
  test("the local backend's lock info file sits beside the state, named after it", () => {
    expect(lockInfoFile("/work/main/terraform.hello.tfstate")).toBe("/work/main/.terraform.hello.tfstate.lock.info");
  });

  test("the recorded lock info file has who, what, since when and the ID", () => {
    expect(INFO).toEqual({
      ID,
      Operation: "OperationTypeApply",
      Info: "",
      Who: "root@vm",
      Version: "1.11.4",
      Created: "2026-12-05T16:33:14.65645196Z",
      Path: "/tmp/lockrec/terraform.demo.tfstate",
    });
    expect(parseLockInfo("")).toBeUndefined();
    expect(parseLockInfo('{"Who":"root@vm"}')).toBeUndefined();
  });

  test("Terraform's error is told from other failures, and its Lock Info block read back", () => {
    expect(isStateLockError(OUTPUT)).toBe(true);
    expect(isStateLockError("Error: Error pinging Docker server: Cannot connect to the Docker daemon")).toBe(false);
    expect(lockInfoFromOutput(OUTPUT)).toEqual({ ...INFO, Created: "2026-12-05 16:33:14.65645196 +0000 UTC" });
    expect(lockInfoFromOutput(fixture("apply-lock-no-info.txt"))).toBeUndefined();
  });

  test("whether Terraform waited, and its reason when it did not", () => {
    expect(terraformWaited(OUTPUT)).toBe(true);
    expect(terraformWaited(fixture("apply-lock-timeout-0.txt"))).toBe(false);
    expect(terraformWaited(fixture("apply-lock-no-info.txt"))).toBe(false);
    expect(lockErrorMessage(OUTPUT)).toBe("resource temporarily unavailable");
    expect(lockErrorMessage(fixture("apply-lock-no-info.txt"))).toBe(
      "resource temporarily unavailable open /tmp/deploytest/.terraform.demo.tfstate.lock.info: no such file or directory",
    );
  });

  test("the file's time and the output's time read the same", () => {
    expect(since(INFO.Created)).toBe("2026-12-05 16:33:14 UTC");
    expect(since("2026-12-05 16:33:14.65645196 +0000 UTC")).toBe("2026-12-05 16:33:14 UTC");
    expect(since("2026-12-05 17:33:14 +0100 CET")).toBe("2026-12-05 17:33:14 +0100 CET");
  });

  test("/proc/locks names the process that holds the state file, not the ones that wait for it", () => {
    const recorded = fixture("proc-locks.txt");
    expect(parseProcLocks(recorded, STATE_INODE)).toEqual([5873]);
    expect(parseProcLocks(recorded, 10846225)).toEqual([]);
    // Seen on the same machine with other programs' locks about: flock, open file description, a waiter.
    const busy = [
      "1: FLOCK  ADVISORY  WRITE 1966 fe:00:10789311 0 EOF",
      "7: OFDLCK ADVISORY  READ -1 00:06:10846224 0 EOF",
      "8: POSIX  ADVISORY  WRITE 2048 fe:00:10846224 0 EOF",
      "8: -> POSIX  ADVISORY  WRITE 2050 fe:00:10846224 0 EOF",
    ].join("\n");
    expect(parseProcLocks(busy, STATE_INODE)).toEqual([undefined, 2048]);
  });
});

describe("a local state on disk", () => {
  let dir: string;
  let state: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-lock-"));
    state = path.join(dir, "terraform.demo.tfstate");
    fs.writeFileSync(state, "");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const procLocks = (text: string) => {
    const file = path.join(dir, "locks");
    fs.writeFileSync(file, text);
    return file;
  };

  test("no lock info file: nothing to say", () => {
    expect(readLockInfo(state)).toBeUndefined();
    expect(seeStateLock(state, procLocks(""))).toBeUndefined();
  });

  test("a lock info file and a process holding the lock: held, by that process", () => {
    fs.copyFileSync(path.join(FIXTURES, "lock-info.json"), lockInfoFile(state));
    const inode = fs.statSync(state, { bigint: true }).ino;
    const seen = seeStateLock(state, procLocks(`1: POSIX  ADVISORY  WRITE ${process.pid} fe:00:${inode} 0 EOF\n`));
    expect(seen?.info).toEqual(INFO);
    expect(seen?.holders?.map((h) => h.pid)).toEqual([process.pid]);
  });

  test("a lock info file that no process holds (its holder was killed): left over", () => {
    fs.copyFileSync(path.join(FIXTURES, "lock-info.json"), lockInfoFile(state));
    expect(seeStateLock(state, procLocks(fixture("proc-locks.txt")))).toEqual({ info: INFO, holders: [] });
  });

  test("without /proc/locks it cannot tell", () => {
    expect(stateLockHolders(state, path.join(dir, "no-such-file"))).toBeUndefined();
    expect(stateLockHolders(path.join(dir, "no-state"), procLocks(""))).toBeUndefined();
  });
});

describe("what the deploy says", () => {
  const HOLDER = [{ pid: 5873, command: "terraform apply" }];
  const DIR = "/work/main/cdktf.out/stacks/demo";
  const LOG = `${DIR}/terraform-apply.log`;

  test("before Terraform waits: once, whom it waits for and how long", () => {
    const line = waitingLine("demo", INFO, HOLDER, 60);
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toBe(
      `[deploy] demo: the state is locked by root@vm (apply, since 2026-12-05 16:33:14 UTC, lock ID ${ID}; process 5873: terraform apply): ` +
        "waiting up to 60 s for it to be released (--lock-timeout <seconds> to change)",
    );
    expect(waitingLine("demo", undefined, undefined, 60)).toBe(
      "[deploy] demo: the state is locked: waiting up to 60 s for it to be released (--lock-timeout <seconds> to change)",
    );
  });

  test("a local state still locked after the timeout: one line with the holder, the fix and the log", () => {
    const line = stateLockedLine({
      stack: "demo",
      dir: DIR,
      stateFile: "/work/main/terraform.demo.tfstate",
      timeoutSeconds: 60,
      output: OUTPUT,
      info: INFO,
      holders: HOLDER,
      log: LOG,
    });
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain(
      `[deploy] demo: the state is locked by root@vm (apply, since 2026-12-05 16:33:14 UTC, lock ID ${ID}; process 5873: terraform apply) and stayed locked for 60 s.`,
    );
    expect(line).toContain("Fix: wait for that deploy to finish, then deploy again");
    expect(line).toContain("`kill 5873`: Terraform stops gracefully");
    // Measured: force-unlock cannot release a local state's lock; the line says so rather than send the user there.
    expect(line).toContain(`\`terraform force-unlock ${ID}\` in ${DIR} only answers "LocalState not locked"`);
    expect(line).toMatch(new RegExp(`Terraform's output: ${LOG}$`));
  });

  test("from Terraform's output alone (the lock info file gone meanwhile), and with no process known", () => {
    const line = stateLockedLine({
      stack: "demo",
      dir: DIR,
      stateFile: "/work/main/terraform.demo.tfstate",
      timeoutSeconds: 5,
      output: OUTPUT,
      info: lockInfoFromOutput(OUTPUT),
      holders: undefined,
      log: LOG,
    });
    expect(line).toContain(
      `locked by root@vm (apply, since 2026-12-05 16:33:14 UTC, lock ID ${ID}) and stayed locked for 5 s.`,
    );
    expect(line).toContain(", or stop it. ");
    expect(line).not.toContain("`kill");
  });

  test("when Terraform did not wait, the line does not say it stayed locked", () => {
    const base = { stack: "demo", dir: DIR, stateFile: "/work/main/terraform.demo.tfstate", holders: HOLDER, log: LOG };
    const noInfo = stateLockedLine({
      ...base,
      timeoutSeconds: 2,
      output: fixture("apply-lock-no-info.txt"),
      info: undefined,
    });
    expect(noInfo).toContain(
      "locked by another Terraform run (no lock info; process 5873: terraform apply) and Terraform did not wait for it " +
        "(resource temporarily unavailable open /tmp/deploytest/.terraform.demo.tfstate.lock.info: no such file or directory).",
    );
    expect(noInfo).toContain("`terraform force-unlock <lock ID>`");
    const zero = fixture("apply-lock-timeout-0.txt");
    expect(stateLockedLine({ ...base, timeoutSeconds: 0, output: zero, info: lockInfoFromOutput(zero) })).toContain(
      "and Terraform did not wait for it (--lock-timeout 0).",
    );
  });

  test("a remote backend's lock outlives a killed holder: there force-unlock is the fix", () => {
    const line = stateLockedLine({
      stack: "demo",
      dir: DIR,
      stateFile: undefined,
      timeoutSeconds: 60,
      output: OUTPUT,
      info: INFO,
      holders: undefined,
      log: LOG,
    });
    expect(line).toContain(`if no deploy is running (it was killed), \`terraform force-unlock ${ID}\` in ${DIR}.`);
    expect(line).not.toContain("LocalState");
  });

  test("a lock info file left behind is named, and nothing is unlocked", () => {
    const line = staleLockLine("demo", "/work/main/terraform.demo.tfstate", INFO);
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain(
      "/work/main/.terraform.demo.tfstate.lock.info is left from a Terraform run that did not finish, by root@vm (apply",
    );
    expect(line).toContain("no process holds the state lock any more");
    expect(line).toContain(
      `there is nothing to unlock (\`terraform force-unlock ${ID}\` only answers "LocalState not locked").`,
    );
  });
});
