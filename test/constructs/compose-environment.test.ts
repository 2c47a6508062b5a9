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
    expect(env.resolve("postgres://u:${DB_PASSWORD}@db", "x", { DB_PASSWORD: "${TOKEN}" })).toBe(
      "postgres://u:${TOKEN}@db",
    );
  });

  test("a required variable that is unset is one line naming the compose key", () => {
    const env = new ComposeEnvironment(dir, {});
    expectDefinitionError(
      () => env.resolve("${REGION:?set the region}", "services.app.environment.REGION"),
      ErrorCode.INVALID_INTERPOLATION,
      "[services.app.environment.REGION] required variable REGION is missing a value: set the region. Fix: set the variable",
    );
  });

  test("passThrough gives an entry only when the variable is set, as Compose passes `- NAME`", () => {
    const env = new ComposeEnvironment(dir, { LANG: "fr" });
    expect(env.passThrough("LANG")).toEqual({ LANG: "fr" });
    expect(env.passThrough("NOT_SET_ANYWHERE")).toEqual({});
  });

  test("an included project: its .env or env files fill in only what the including project leaves unset; PWD stays the parent's", () => {
    const sub = path.join(dir, "db");
    fs.mkdirSync(sub);
    fs.writeFileSync(
      path.join(sub, ".env"),
      "GREETING=from db/.env\nONLY_DB=db\nSHELL_ONLY=db\nUSES=${GREETING}+${ONLY_DB}\n",
    );
    fs.writeFileSync(path.join(dir, "custom.env"), "CUSTOM=custom\n");
    const parent = new ComposeEnvironment(dir, { SHELL_ONLY: "shell" });
    const db = new ComposeEnvironment(sub, { SHELL_ONLY: "shell" }, { parent });
    expect([db.get("GREETING"), db.get("ONLY_DB"), db.get("SHELL_ONLY"), db.get("USES")]).toEqual([
      "from .env",
      "db",
      "shell",
      "from .env+db",
    ]);
    expect(db.resolve("${PWD}", "x")).toBe(dir);
    expect(parent.get("ONLY_DB")).toBeUndefined();
    const custom = new ComposeEnvironment(sub, {}, { parent, envFiles: [path.join(dir, "custom.env")] });
    expect([custom.get("CUSTOM"), custom.get("ONLY_DB")]).toEqual(["custom", undefined]);
    expectDefinitionError(
      () => custom.resolve("${NOPE:?give NOPE}", "services.db.environment.X"),
      ErrorCode.INVALID_INTERPOLATION,
      `(in the shell or in ${path.join(dir, "custom.env")} or ${path.join(dir, ".env")})`,
    );
  });

  test("an include's env_file that does not exist is one line", () => {
    expectDefinitionError(
      () => new ComposeEnvironment(dir, {}, { envFiles: [path.join(dir, "missing.env")] }),
      ErrorCode.INVALID_ENV_FILE,
      `env file '${path.join(dir, "missing.env")}' of the included project does not exist. Fix: create it, or correct env_file in the include`,
    );
  });
});
