import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ComposeEnvironment, ErrorCode } from "../../constructs";
import { expectDefinitionError } from "../helpers";

describe("ComposeEnvironment: a compose project's variables, read at synth", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-env-"));
    fs.writeFileSync(path.join(dir, ".env"), "GREETING=from .env\nBOTH=from .env\nREF=${GREETING}!\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the shell wins over .env; PWD is the project directory; .env values interpolate", () => {
    const env = new ComposeEnvironment(dir, { BOTH: "from the shell", PWD: "/elsewhere" });
    expect(env.get("GREETING")).toBe("from .env");
    expect(env.get("BOTH")).toBe("from the shell");
    expect(env.get("REF")).toBe("from .env!");
    expect(env.resolve("${PWD}/data", "services.app.volumes.0")).toBe(`${dir}/data`);
  });

  test("Compose's operators; overrides give a variable another value (a Terraform token)", () => {
    const env = new ComposeEnvironment(dir, { EMPTY: "" });
    expect(env.resolve("${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${GREETING:+set} ${UNSET+set}$$", "x")).toBe("d d  set $");
    expect(env.resolve("postgres://u:${DB_PASSWORD}@db", "x", { DB_PASSWORD: "${TOKEN}" })).toBe("postgres://u:${TOKEN}@db");
  });

  test("a required variable that is unset is one line naming the compose key", () => {
    const env = new ComposeEnvironment(dir, {});
    expectDefinitionError(() => env.resolve("${REGION:?set the region}", "services.app.environment.REGION"), ErrorCode.INVALID_INTERPOLATION,
      "[services.app.environment.REGION] required variable REGION is missing a value: set the region. Fix: set the variable");
  });

  test("passThrough gives an entry only when the variable is set, as Compose passes `- NAME`", () => {
    const env = new ComposeEnvironment(dir, { LANG: "fr" });
    expect(env.passThrough("LANG")).toEqual({ LANG: "fr" });
    expect(env.passThrough("NOT_SET_ANYWHERE")).toEqual({});
  });
});
