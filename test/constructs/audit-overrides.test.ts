import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { auditStack, Container, DockerApp, DockerStack } from "../../constructs";
import { testStack } from "../helpers";
import { pinnedImage } from "./support";

// The escape hatch must not be a way around the audit: it reads what synth writes.
function statusOf(stack: DockerStack, rule: string): string {
  const [container] = auditStack(stack).containers;
  return container.findings.find((f) => f.rule === rule)!.status;
}

function webIn(stack: DockerStack): Container {
  return new Container(stack, "Web", {
    image: pinnedImage(stack),
    portForwards: [{ containerPort: 8080, hostPort: 18160 }],
  });
}

describe("the audit sees escape-hatch overrides", () => {
  test("container.resource is the docker_container the construct synthesizes", () => {
    const stack = testStack();
    const web = webIn(stack);
    expect(web.resource.terraformResourceType).toBe("docker_container");
    expect(web.node.defaultChild).toBe(web.resource);
  });

  test.each([
    ["5.4", "privileged", true],
    ["5.9", "network_mode", "host"],
    ["5.12", "read_only", false],
    ["4.1", "user", "root"],
    ["5.15", "pid_mode", "host"],
    ["5.3", "capabilities.drop", undefined],
  ])("CIS %s fails when %s is overridden to %p (undefined deletes it)", (rule, attribute, value) => {
    const stack = testStack();
    const web = webIn(stack);
    expect(statusOf(stack, rule)).toBe("pass");
    web.resource.addOverride(attribute as string, value);
    expect(statusOf(stack, rule)).toBe("fail");
  });

  test("an override that adds to a list is seen (a port opened on every interface)", () => {
    const stack = testStack();
    const web = webIn(stack);
    web.resource.addOverride("ports", [{ internal: 9090, external: 18161, ip: "0.0.0.0", protocol: "tcp" }]);
    const [container] = auditStack(stack).containers;
    const finding = container.findings.find((f) => f.rule === "5.13")!;
    expect(finding).toMatchObject({ status: "fail", reason: "ports 9090 on every interface" });
  });

  test("a stack-level override of the resource is seen too", () => {
    const stack = testStack();
    const web = webIn(stack);
    stack.addOverride(`resource.docker_container.${stack.getLogicalId(web.resource)}.privileged`, true);
    expect(statusOf(stack, "5.4")).toBe("fail");
  });

  test("deleting an attribute by override (undefined) is seen: no memory limit", () => {
    const stack = testStack();
    const web = webIn(stack);
    web.resource.addOverride("memory", undefined);
    expect(statusOf(stack, "5.10")).toBe("fail");
  });

  test("the audit and the written cdk.tf.json agree on an overridden attribute", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-iac-audit-"));
    try {
      const app = new DockerApp({ outdir, stackTraces: false });
      const stack = new DockerStack(app, "written");
      webIn(stack).resource.addOverride("privileged", true);
      app.synth();
      const written = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "written", "cdk.tf.json"), "utf8"));
      const [config] = Object.values<Record<string, unknown>>(written.resource.docker_container);
      expect(config.privileged).toBe(true);
      expect(statusOf(stack, "5.4")).toBe("fail");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
