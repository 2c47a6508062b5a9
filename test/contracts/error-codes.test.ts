import * as fs from "fs";
import * as path from "path";
import { DefinitionError, ErrorCode } from "../../constructs";
import { codeOfProblem, invalid, invalidCall } from "../../constructs/errors";
import { testStack } from "../helpers";

/**
 * The error codes are public API: each one names one rule, is thrown somewhere in constructs/ and is
 * asserted by at least one test (the invalid-definitions table counts), so none is dead or untested.
 */
const REPO = path.join(__dirname, "..", "..");
const MEMBERS = Object.keys(ErrorCode) as (keyof typeof ErrorCode)[];

/** The text of every .ts file below `dir`, by path relative to the repo. */
function sources(dir: string, skip: string[] = []): Map<string, string> {
  const files = fs
    .readdirSync(path.join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.relative(REPO, path.join(e.parentPath, e.name)))
    .filter((f) => !skip.includes(f));
  return new Map(files.map((f) => [f, fs.readFileSync(path.join(REPO, f), "utf8")]));
}

/** The members `ErrorCode.X` that the sources mention. */
function mentioned(files: Map<string, string>): Set<string> {
  const found = new Set<string>();
  for (const text of files.values()) for (const match of text.matchAll(/ErrorCode\.([A-Z_]+)/g)) found.add(match[1]);
  return found;
}

test("each code's value is its member name in PascalCase, and values are unique", () => {
  for (const member of MEMBERS) {
    expect(ErrorCode[member].replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()).toBe(member);
  }
  expect(new Set(Object.values(ErrorCode)).size).toBe(MEMBERS.length);
});

test("every code is thrown by constructs/ and asserted by a test or fixture (no dead codes)", () => {
  const thrown = mentioned(sources("constructs", [path.join("constructs", "error-code.ts")]));
  const asserted = mentioned(sources("test", [path.join("test", "contracts", "error-codes.test.ts")]));
  expect(MEMBERS.filter((m) => !thrown.has(m))).toEqual([]);
  expect(MEMBERS.filter((m) => !asserted.has(m))).toEqual([]);
  // And constructs/ names no member that does not exist (TypeScript checks this too).
  expect([...thrown].filter((m) => !(m in ErrorCode))).toEqual([]);
});

test("constructs/ raises definition mistakes only as coded DefinitionErrors; a plain Error is a bug", () => {
  for (const [file, text] of sources("constructs")) {
    // A plain Error is kept only for a genuine bug, and says so ("internal error: ..."), so it
    // is printed with its stack trace. A code on every DefinitionError is enforced by the
    // compiler: its constructor, invalid() and invalidCall() take a required ErrorCode.
    expect({ file, uncoded: text.match(/new Error\((?![`"']internal error: )[^\n]*/g) ?? [] }).toEqual({
      file,
      uncoded: [],
    });
  }
});

describe("the message carries the code", () => {
  test("invalid(): [path] problem. Fix: fix (Code)", () => {
    const error = invalid(
      testStack(),
      ErrorCode.INVALID_PORT,
      "port 0 is not a port",
      "use a whole number from 1 to 65535",
    );
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error.code).toBe(ErrorCode.INVALID_PORT);
    expect(error.message).toBe("[test] port 0 is not a port. Fix: use a whole number from 1 to 65535 (InvalidPort)");
    expect(codeOfProblem(error.message)).toBe(ErrorCode.INVALID_PORT);
  });

  test("invalidCall(): the call instead of a path", () => {
    const error = invalidCall(
      "Network.fromNetworkName",
      ErrorCode.DEFAULT_BRIDGE_NETWORK,
      "network name 'bridge' is Docker's default bridge",
      "use a BridgeNetwork",
    );
    expect(error.message).toBe(
      "[Network.fromNetworkName] network name 'bridge' is Docker's default bridge. Fix: use a BridgeNetwork (DefaultBridgeNetwork)",
    );
  });

  test("a line without a known code has none", () => {
    expect(codeOfProblem("[a] something broke")).toBeUndefined();
    expect(codeOfProblem("[a] something broke (NotACode)")).toBeUndefined();
    expect(codeOfProblem("[s] strict audit failed (StrictAuditFailed):\ntable (HostPortClash)")).toBe(
      ErrorCode.STRICT_AUDIT_FAILED,
    );
  });
});
