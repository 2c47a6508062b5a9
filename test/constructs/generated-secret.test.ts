import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { Container, ErrorCode, GeneratedSecret } from "../../constructs";
import { expectDefinitionError, testStack } from "../helpers";
import { pinnedImage } from "./support";

describe("GeneratedSecret", () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "secret-test-")), "secrets");
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  test("writes a random value once, into a private folder, readable through a bind mount", () => {
    const secret = new GeneratedSecret(testStack(), "DbPassword", { directory: dir });
    expect(secret.hostPath).toBe(path.join(dir, "test-db-password"));
    const value = fs.readFileSync(secret.hostPath, "utf8");
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(secret.hostPath).mode & 0o777).toBe(0o444);
    // A second synth (the next deploy) keeps the value.
    new GeneratedSecret(testStack(), "DbPassword", { directory: dir });
    expect(fs.readFileSync(secret.hostPath, "utf8")).toBe(value);
  });

  test("the value never reaches the Terraform configuration, only the path does", () => {
    const stack = testStack();
    const secret = new GeneratedSecret(stack, "ApiKey", { directory: dir });
    new Container(stack, "App", {
      image: pinnedImage(stack),
      environment: { API_KEY_FILE: "/run/secrets/api_key" },
    }).mountHostPath("/run/secrets/api_key", secret.hostPath);
    const synthesized = Testing.synth(stack);
    expect(synthesized).not.toContain(fs.readFileSync(secret.hostPath, "utf8"));
    expect(synthesized).toContain(secret.hostPath);
  });

  test("the folder comes from context secretsDir when not given", () => {
    const secret = new GeneratedSecret(testStack("test", { secretsDir: dir }), "Token");
    expect(secret.hostPath).toBe(path.join(dir, "test-token"));
  });

  test("a relative folder or a short secret is refused", () => {
    expect(() => new GeneratedSecret(testStack(), "S", { directory: "secrets" })).toThrow(
      "[test/S] secrets directory 'secrets' is not absolute. Fix: give an absolute folder outside the repository",
    );
    expect(() => new GeneratedSecret(testStack(), "S", { directory: dir, bytes: 8 })).toThrow(
      "[test/S] bytes 8 is below 16 bytes, too short for a secret. Fix: give a whole number from 16 to 65536",
    );
  });

  test("wrong types and an unwritable folder are named", () => {
    expectDefinitionError(
      () => new GeneratedSecret(testStack(), "S", { directory: dir, bytes: "32" as never }),
      ErrorCode.WRONG_TYPE,
      '[test/S] bytes "32" is a string, not a number',
    );
    expectDefinitionError(
      () => new GeneratedSecret(testStack(), "S", { directory: 5 as never }),
      ErrorCode.WRONG_TYPE,
      "[test/S] directory 5 is a number, not a string",
    );
    const file = path.join(dir, "a-file");
    fs.writeFileSync(file, "");
    expectDefinitionError(
      () => new GeneratedSecret(testStack(), "S", { directory: path.join(file, "sub") }),
      ErrorCode.UNWRITABLE_SECRET_DIRECTORY,
      `[test/S] cannot create the secret file ${path.join(file, "sub")}/test-s (ENOTDIR)`,
    );
  });
});
