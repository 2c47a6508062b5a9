import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import {
  auditStack,
  ErrorCode,
  NetworkMode,
  OverlayNetwork,
  PublishMode,
  SwarmConfig,
  SwarmSecret,
  SwarmService,
  UpdateOrder,
} from "../../constructs";
import { expectDefinitionError, onlyResource, synthJson, testStack } from "../helpers";
import { pinnedImage } from "./support";

describe("OverlayNetwork", () => {
  test("defaults: overlay driver, not attachable, not internal, no options, the stack's labels", () => {
    const stack = testStack();
    const network = new OverlayNetwork(stack, "Mesh");
    expect(network.mode).toBe(NetworkMode.OVERLAY);
    expect(onlyResource(stack, "docker_network")).toEqual({
      name: "test-mesh",
      driver: "overlay",
      attachable: false,
      internal: false,
      labels: [{ label: "io.docker-iac.stack", value: "test" }],
    });
  });

  test("subnet, attachable, internal and encryption (whose engine-added options are not drift)", () => {
    const stack = testStack();
    new OverlayNetwork(stack, "Mesh", {
      subnet: "10.30.0.0/24",
      gateway: "10.30.0.254",
      attachable: true,
      internal: true,
      encrypted: true,
    });
    expect(onlyResource(stack, "docker_network")).toMatchObject({
      attachable: true,
      internal: true,
      options: { encrypted: "" },
      ipam_config: [{ subnet: "10.30.0.0/24", gateway: "10.30.0.254" }],
      lifecycle: { ignore_changes: ["options"] },
    });
  });

  test.each([
    [{ subnet: "10.30.0.1/24" }, "subnet '10.30.0.1/24' has host bits set. Fix: use '10.30.0.0/24'"],
    [{ subnet: "10.30.0.0/30" }, "subnet '10.30.0.0/30' is too small for an overlay network"],
    [{ gateway: "10.30.0.1" }, "gateway '10.30.0.1' without a subnet"],
    [{ subnet: "10.30.0.0/24", gateway: "10.31.0.1" }, "gateway 10.31.0.1 is outside subnet 10.30.0.0/24"],
  ])("rejects %j", (props, message) => {
    expect(() => new OverlayNetwork(testStack(), "Mesh", props)).toThrow(`[test/Mesh] ${message}`);
  });
});

describe("SwarmSecret", () => {
  test("a value: named by a hash of its content, created before the old one is destroyed", () => {
    const stack = testStack();
    const a = new SwarmSecret(stack, "A", { value: "one" });
    const b = new SwarmSecret(stack, "B", { value: "two" });
    const json = synthJson(stack).resource.docker_secret;
    const [nameA, nameB] = Object.values<{ name: string }>(json).map((s) => s.name);
    expect(nameA).toMatch(/^test-a-[0-9a-f]{12}$/);
    expect(nameA.slice(-12)).not.toBe(nameB.slice(-12));
    expect(Object.values(json)).toContainEqual(
      expect.objectContaining({
        name: nameA,
        data: Buffer.from("one").toString("base64"),
        lifecycle: { create_before_destroy: true },
      }),
    );
    // The attributes are tokens: references to the resources' names (mountSecret renders them so).
    expect(a.secretName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(b.secretName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test("a file: Terraform hashes and reads it at plan time, so the content never reaches cdk.tf.json", () => {
    const stack = testStack();
    new SwarmSecret(stack, "Db", { file: "~/secrets/db" });
    const secret = onlyResource(stack, "docker_secret");
    expect(secret.name).toBe('test-db-${substr(filesha256(pathexpand("~/secrets/db")), 0, 12)}');
    expect(secret.data).toBe('${filebase64(pathexpand("~/secrets/db"))}');
  });

  test.each([
    [{}, "a secret needs exactly one of value and file"],
    [{ value: "a", file: "/x" }, "a secret needs exactly one of value and file"],
    [{ value: "" }, "secret content is empty"],
    [{ value: "x", secretNamePrefix: "-bad" }, "invalid secret name '-bad'"],
  ])("rejects %j", (props, message) => {
    expect(() => new SwarmSecret(testStack(), "S", props)).toThrow(`[test/S] ${message}`);
  });
});

describe("SwarmConfig", () => {
  test("content or a file read at synth time, named by its hash", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-config-"));
    fs.writeFileSync(path.join(dir, "app.conf"), "a=1\n");
    const stack = testStack();
    const fromFile = new SwarmConfig(stack, "FromFile", { file: path.join(dir, "app.conf") });
    const inline = new SwarmConfig(stack, "Inline", { content: "a=1\n" });
    const configs = synthJson(stack).resource.docker_config;
    const [fromFileName, inlineName] = Object.values<{ name: string }>(configs).map((c) => c.name);
    expect(fromFileName).toMatch(/^test-from-file-[0-9a-f]{12}$/);
    expect(fromFileName.slice(-12)).toBe(inlineName.slice(-12));
    expect(Object.values(configs)).toContainEqual({
      name: inlineName,
      data: Buffer.from("a=1\n").toString("base64"),
      lifecycle: { create_before_destroy: true },
    });
    expect(fromFile.configName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(inline.configName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a missing file is a synth error", () => {
    expectDefinitionError(
      () => new SwarmConfig(testStack(), "C", { file: "/nonexistent/app.conf" }),
      ErrorCode.INVALID_SWARM_OBJECT_CONTENT,
      "[test/C] config file '/nonexistent/app.conf' does not exist",
    );
  });
});

describe("the audit covers Swarm services", () => {
  test("hardened defaults pass; no-new-privileges is unsupported; a published port fails 5.13 until waived", () => {
    const stack = testStack();
    const service = new SwarmService(stack, "Front", {
      image: pinnedImage(stack),
      ports: [{ targetPort: 8080, publishedPort: 18134, mode: PublishMode.HOST }],
      updatePolicy: { order: UpdateOrder.STOP_FIRST },
    });
    const status = (rule: string) => auditStack(stack).containers[0].findings.find((f) => f.rule === rule)?.status;
    expect(["4.1", "5.3", "5.10", "5.11", "5.12", "5.14"].map(status)).toEqual([
      "pass",
      "pass",
      "pass",
      "pass",
      "pass",
      "pass",
    ]);
    expect(status("5.25")).toBe("unsupported");
    expect(status("5.13")).toBe("fail");
    service.waiveAuditRule("5.13", "Swarm has no host IP");
    expect(status("5.13")).toBe("waived");
    expect(Testing.synth(stack)).toContain("io.docker-iac.cis-waiver.5.13");
  });
});
