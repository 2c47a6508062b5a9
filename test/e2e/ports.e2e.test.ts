// Port forwarding on the real engine: every point examples/ports/README.md makes, checked as a
// user would (the engine's own port table, requests to loopback, a probe container this test
// makes on a bridge network of its own). Host ports 18190-18193 only, and the one Docker picks.
import { execFileSync, spawnSync } from "child_process";
import * as dgram from "dgram";
import * as fs from "fs";
import * as path from "path";
import { quotedSynthOutput } from "../helpers";
import { docker, httpGet, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";
import { E2E_LABEL } from "./workspace";

const PORTS = { web: 18190, twin: 18191, open: 18192, hostMode: 18193 };
const README = fs.readFileSync(path.join(__dirname, "..", "..", "examples", "ports", "README.md"), "utf8");

/** What /cgi-bin/whoami says: the container's name, and the host address and port asked for. */
const answer = (name: string, port: number | string) => `${name} answers (you asked for 127.0.0.1:${port})\n`;

type Bindings = Record<string, { HostIp: string; HostPort: string }[] | null> | null;

/** One datagram to 127.0.0.1:port, the first answer; retried while the server starts (at most ~10 s). */
async function udpAsk(port: number, message: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const answer = await new Promise<string | undefined>((resolve) => {
      const socket = dgram.createSocket("udp4");
      const timer = setTimeout(() => finish(undefined), 500);
      const finish = (value: string | undefined) => {
        clearTimeout(timer);
        socket.close();
        resolve(value);
      };
      socket.on("message", (data) => finish(data.toString()));
      socket.on("error", () => finish(undefined)); // ICMP port unreachable while nothing listens
      socket.send(message, port, "127.0.0.1");
    });
    if (answer !== undefined) return answer;
  }
  throw new Error(`no UDP answer from 127.0.0.1:${port}`);
}

/**
 * GET `path` from host:port inside a throw-away `probe` container; the body when the server answers
 * within 3 s, else undefined. nc, not wget: the static busybox's wget crashes (signal 11) here.
 */
function probeGet(
  probe: { network: string; image: string; label: string },
  host: string,
  port: number,
  path: string,
): { answer?: string; output: string } {
  const request = `GET ${path} HTTP/1.0\\r\\nHost: ${host}:${port}\\r\\n\\r\\n`;
  const result = spawnSync(
    "docker",
    [
      "run",
      "--rm",
      "--network",
      probe.network,
      "--label",
      probe.label,
      "--cap-drop",
      "ALL",
      "--user",
      "10001:10001",
      "--memory",
      "32m",
      probe.image,
      "sh",
      "-c",
      `printf '${request}' | nc -w 3 ${host} ${port}`,
    ],
    { encoding: "utf8", timeout: 30_000 },
  );
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const [head, body] = (result.stdout ?? "").split("\r\n\r\n", 2);
  return { answer: result.status === 0 && /^HTTP\/1\.[01] 200 /.test(head) ? body : undefined, output };
}

describeDeployedStack("ports", { container: "web" }, ({ ws }) => {
  const bindings = (child: string): Bindings =>
    JSON.parse(inspect(ws().name("ports", child), "{{json .HostConfig.PortBindings}}"));
  const bound = (child: string): Bindings =>
    JSON.parse(inspect(ws().name("ports", child), "{{json .NetworkSettings.Ports}}"));

  test("a host port forwards to the container port: the engine's port table, and the page on 127.0.0.1", async () => {
    expect(bindings("web")).toEqual({ "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: String(PORTS.web) }] });
    expect(docker("port", ws().name("ports", "web"))).toBe(`8080/tcp -> 127.0.0.1:${PORTS.web}`);
    expect(await httpGet(`http://127.0.0.1:${PORTS.web}/cgi-bin/whoami`)).toBe(answer("web", PORTS.web));
  });

  test("what Docker set up for it: a docker-proxy on the host port, or a DNAT rule to the container's address", () => {
    const ip = inspect(ws().name("ports", "web"), "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
    const proxies = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.includes("docker-proxy"));
    const proxy = proxies.find((line) => line.includes(`-host-port ${PORTS.web} `) && line.includes("-proto tcp"));
    const nat = spawnSync("iptables", ["-w", "5", "-t", "nat", "-S", "DOCKER"], { encoding: "utf8", timeout: 10_000 });
    const dnat = (nat.stdout ?? "")
      .split("\n")
      .find((rule) => rule.includes(`--dport ${PORTS.web} `) && rule.includes(`--to-destination ${ip}:8080`));
    // The userland proxy (Docker's default) serves loopback; iptables (as root) DNATs the rest.
    expect({
      proxy: proxy !== undefined || proxies.length === 0,
      dnat: dnat !== undefined || nat.status !== 0,
    }).toEqual({ proxy: true, dnat: true });
    expect(proxy ?? dnat).toContain(ip);
  });

  test("the same container port in two containers, behind two host ports, each with its own answer", async () => {
    expect(bindings("twin")).toEqual({ "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: String(PORTS.twin) }] });
    expect(await httpGet(`http://127.0.0.1:${PORTS.twin}/cgi-bin/whoami`)).toBe(answer("twin", PORTS.twin));
    expect(await httpGet(`http://127.0.0.1:${PORTS.web}/cgi-bin/whoami`)).toBe(answer("web", PORTS.web));
  });

  test("a host port Docker picks: the binding asks for none, the output reads back the one bound, and it answers", async () => {
    // Host port 0: "pick one" (the provider sends 0 for a port it was not given).
    expect(bindings("picked")).toEqual({ "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "0" }] });
    const live = bound("picked")?.["8080/tcp"] ?? [];
    expect(live).toHaveLength(1);
    const output = spawnSync(process.env.TERRAFORM_BINARY_NAME ?? "terraform", ["output", "-raw", "picked_port"], {
      cwd: ws().stackDir("ports"),
      encoding: "utf8",
    });
    expect({ status: output.status, port: output.stdout }).toEqual({ status: 0, port: live[0].HostPort });
    expect(docker("port", ws().name("ports", "picked"), "8080/tcp")).toBe(`127.0.0.1:${output.stdout}`);
    expect(await httpGet(`http://127.0.0.1:${output.stdout}/cgi-bin/whoami`)).toBe(answer("picked", output.stdout));
  });

  test("UDP next to TCP: the same host port number, another protocol, another container", async () => {
    expect(bindings("echo")).toEqual({ "9000/udp": [{ HostIp: "127.0.0.1", HostPort: String(PORTS.web) }] });
    expect(await udpAsk(PORTS.web, "ping")).toBe("udp echo: ping");
  });

  test("0.0.0.0 is every address of the host: a container on another bridge network reaches it at its gateway, not the 127.0.0.1 one", async () => {
    expect(bindings("open")).toEqual({ "8080/tcp": [{ HostIp: "0.0.0.0", HostPort: String(PORTS.open) }] });
    expect(await httpGet(`http://127.0.0.1:${PORTS.open}/cgi-bin/whoami`)).toBe(answer("open", PORTS.open));
    // A neighbour: a container on a bridge network this test makes, which reaches the host at the network's gateway.
    const network = ws().name("ports", "probe-net");
    const label = `${E2E_LABEL}=${ws().runId}`;
    docker("network", "create", "--label", label, network);
    try {
      const gateway = docker("network", "inspect", "-f", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", network);
      const probe = { network, label, image: process.env.DOCKER_IAC_BASE_IMAGE ?? "busybox:1.37.0" };
      const open = probeGet(probe, gateway, PORTS.open, "/cgi-bin/whoami");
      const loopbackOnly = probeGet(probe, gateway, PORTS.web, "/cgi-bin/whoami");
      expect({ open: open.answer, loopbackOnly: loopbackOnly.answer }).toEqual({
        open: `open answers (you asked for ${gateway}:${PORTS.open})\n`,
        loopbackOnly: undefined,
      });
      expect(loopbackOnly.output).toContain("Connection refused");
    } finally {
      docker("network", "rm", network);
    }
  });

  test("the 0.0.0.0 forward is an audit waiver with its reason", () => {
    const audit = spawnSync("npm", ["run", "--silent", "audit", "--", "ports"], {
      cwd: ws().dir,
      encoding: "utf8",
      env: { ...process.env, CDKTF_CONTEXT_JSON: JSON.stringify(ws().context()) },
    });
    expect(audit.status).toBe(0);
    expect(audit.stdout).toMatch(/WAIVED +CIS 5\.13 .*; waived: this example shows 0\.0\.0\.0 next to 127\.0\.0\.1/);
  });

  test("host networking: no port bindings, and the server answers on its own port on loopback", async () => {
    expect(inspect(ws().name("ports", "host-mode"), "{{.HostConfig.NetworkMode}}")).toBe("host");
    expect(bindings("host-mode") ?? {}).toEqual({});
    expect(await httpGet(`http://127.0.0.1:${PORTS.hostMode}/cgi-bin/whoami`)).toBe(
      answer("host-mode", PORTS.hostMode),
    );
  });

  test("a clash is refused at synth with the message examples/ports/README.md quotes", () => {
    const file = path.join(ws().dir, "stacks", "ports-stack.ts");
    const source = fs.readFileSync(file, "utf8");
    // The edit the README asks for, in the code (the JSDoc above it names the same defaults).
    const edited = source.replace(/(const ports: PortsStackPorts = \{[^}]*\btwin: )\d+/, `$1${PORTS.web}`);
    expect(edited).not.toBe(source);
    fs.writeFileSync(file, edited);
    try {
      // Into a folder of its own: a failed synth removes the stale output, and the deployed stack's folder must stay for the checks after this one.
      const outdir = fs.mkdtempSync(path.join(ws().dir, "clash-out-"));
      const env = { ...process.env, CDKTF_CONTEXT_JSON: JSON.stringify(ws().context()), CDKTF_OUTDIR: outdir };
      const synth = spawnSync("npm", ["run", "--silent", "synth"], { cwd: ws().dir, encoding: "utf8", env });
      expect(synth.status).toBe(1);
      const quoted = quotedSynthOutput(README);
      expect(quoted).toBeDefined();
      expect(synth.stderr).toBe(quoted);
    } finally {
      fs.writeFileSync(file, source);
    }
  });
});
