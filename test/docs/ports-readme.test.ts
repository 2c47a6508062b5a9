// examples/ports/README.md quotes what synth prints for a host port clash; this builds the clash
// the README tells the reader to make and compares the README with the real message.
import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { definitionMessage } from "../../constructs/private/problem-report";
import { PortsStack } from "../../stacks/ports-stack";
import { quotedSynthOutput, testApp } from "../helpers";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "examples", "ports", "README.md"), "utf8");

test("the README quotes the clash synth prints when Twin gets Web's host port", () => {
  // What the README asks: in stacks/ports-stack.ts, give twin the port 18190 (Web's).
  expect(README).toContain("give `twin` the port `18190`, Web's");
  const app = testApp();
  new PortsStack(app, "ports", { hostPorts: { twin: 18190 } });
  let printed: string | undefined;
  try {
    app.synth();
  } catch (error) {
    // The text DockerApp's handler writes to stderr, with its newline.
    printed = `${definitionMessage(error)}\n`;
  }
  expect(printed).toContain("(HostPortClash)");
  expect(quotedSynthOutput(README)).toBe(printed);
});

test("the README names the default host ports the stack uses", () => {
  const json = JSON.parse(Testing.synth(new PortsStack(testApp(), "ports")));
  const forwards = Object.values<{ name: string; ports?: { external?: number; ip: string; protocol: string }[] }>(
    json.resource.docker_container,
  ).flatMap((c) => (c.ports ?? []).map((p) => `${c.name} ${p.ip}:${p.external ?? ""}/${p.protocol}`));
  expect(forwards.sort()).toEqual([
    "ports-echo 127.0.0.1:18190/udp",
    "ports-open 0.0.0.0:18192/tcp",
    "ports-picked 127.0.0.1:/tcp",
    "ports-twin 127.0.0.1:18191/tcp",
    "ports-web 127.0.0.1:18190/tcp",
  ]);
  for (const forward of [
    "`127.0.0.1:18190:8080`",
    "`127.0.0.1:18191:8080`",
    "`127.0.0.1::8080`",
    "`0.0.0.0:18192:8080`",
    "`127.0.0.1:18190:9000/udp`",
  ]) {
    expect(README).toContain(forward);
  }
});
