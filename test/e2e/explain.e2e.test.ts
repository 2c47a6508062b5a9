// `npm run explain -- <stack>` prints docker commands; this runs them on the engine, under
// another name prefix and on other host ports (--prefix, --port-offset), and checks that what
// they make behaves like the deployed stack: the same pages answer, names resolve between
// containers, the none container has only lo, ports bind where the stack binds them. Then it
// removes what the commands made (by the prefix) and checks nothing is left.
import { spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as path from "path";
import { loadStacks } from "../../tools/dev/example-stacks";
import { docker, httpGet, inspect } from "./docker";

const REPO = path.resolve(__dirname, "..", "..");
// Host ports 18780-18899: the stacks' own ports (18080-18199) moved by this offset; no other file uses them.
const PORT_OFFSET = 700;

interface Case {
  readonly stack: string;
  /** Pages on the stack's own host ports (the test adds the offset), and text each must contain. */
  readonly pages: { readonly port: number; readonly path: string; readonly contains: string }[];
  /** [from, to]: container `from` resolves `to` (a network alias) to `to`'s address. */
  readonly resolves?: [string, string][];
  /** A container in network mode none, which writes its interfaces to result.txt in the volume `volume`. */
  readonly loopbackOnly?: { readonly container: string; readonly volume: string };
  /**
   * [from, to] text replaced in the printed script: a host-network container listens where its
   * own command says, which no forward (and so no --port-offset) moves; the test moves it too.
   */
  readonly rewrite?: [string, string][];
}

// Adding a stack is one row.
const CASES: Case[] = [
  {
    stack: "hello",
    pages: [
      { port: 18080, path: "/", contains: "hello from docker-iac" },
      { port: 18081, path: "/", contains: "hello from docker-iac" },
    ],
  },
  {
    stack: "bridge",
    pages: [{ port: 18085, path: "/cgi-bin/front", contains: "inventory: 42 widgets (from the back tier)" }],
    resolves: [["front", "back"]],
  },
  { stack: "none", pages: [], loopbackOnly: { container: "job", volume: "results" } },
  {
    stack: "ports",
    pages: [
      { port: 18190, path: "/cgi-bin/whoami", contains: "web answers" },
      { port: 18191, path: "/cgi-bin/whoami", contains: "twin answers" },
      { port: 18192, path: "/cgi-bin/whoami", contains: "open answers" },
      { port: 18193, path: "/cgi-bin/whoami", contains: "host-mode answers" },
    ],
    rewrite: [["127.0.0.1:18193", `127.0.0.1:${18193 + PORT_OFFSET}`]],
  },
];

const base = process.env.DOCKER_IAC_BASE_IMAGE ?? "busybox:1.37.0";
const lines = (text: string) => text.split("\n").filter(Boolean);

/** `npm run explain -- <stack> --prefix <p> --port-offset <n>`, as a user runs it. */
function explain(stack: string, prefix: string): string {
  const context = { ...JSON.parse(process.env.CDKTF_CONTEXT_JSON ?? "{}"), baseImage: base };
  const result = spawnSync(
    "npm",
    ["run", "-s", "explain", "--", stack, "--prefix", prefix, "--port-offset", String(PORT_OFFSET)],
    {
      cwd: REPO,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, CDKTF_CONTEXT_JSON: JSON.stringify(context) },
    },
  );
  if (result.status !== 0) throw new Error(`explain ${stack} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

type Bindings = Record<string, { HostIp: string; HostPort: string }[]>;

/** Each container's published ports as the synthesized stack declares them (under the prefix), moved by the offset. */
function declaredBindings(stack: string, prefix: string): Map<string, Bindings> {
  const { stacks } = loadStacks({ context: { namePrefix: prefix, baseImage: base }, relativeTo: REPO });
  const containers = stacks.find((s) => s.name === stack)?.config.resource?.docker_container ?? {};
  const bindings = new Map<string, Bindings>();
  for (const container of Object.values(containers)) {
    const ports: Bindings = {};
    for (const port of (container.ports as
      | { internal: number; external: number; ip: string; protocol: string }[]
      | undefined) ?? []) {
      const key = `${port.internal}/${port.protocol}`;
      // No external port: Docker picks one (`-p 127.0.0.1::8080`), and the binding says "".
      ports[key] = [
        ...(ports[key] ?? []),
        { HostIp: port.ip, HostPort: port.external === undefined ? "" : String(port.external + PORT_OFFSET) },
      ];
    }
    bindings.set(String(container.name), ports);
  }
  return bindings;
}

/** What the commands made: containers, networks and volumes by the stack label, images by repository. */
function made(prefix: string): string[] {
  const label = `label=io.docker-iac.stack`;
  return [
    ...lines(
      docker("ps", "-a", "--format", 'container {{.Names}} {{.Label "io.docker-iac.stack"}}', "--filter", label),
    ),
    ...lines(
      docker("network", "ls", "--format", 'network {{.Name}} {{.Label "io.docker-iac.stack"}}', "--filter", label),
    ),
    ...lines(
      docker("volume", "ls", "--format", 'volume {{.Name}} {{.Label "io.docker-iac.stack"}}', "--filter", label),
    ),
    ...lines(
      docker("images", "--format", "image {{.Repository}}:{{.Tag}}", "--filter", `reference=docker-iac/${prefix}-*`),
    ),
  ].filter((line) => line.includes(` ${prefix}-`) || line.includes(`docker-iac/${prefix}-`));
}

/** Removes everything the commands made, by the prefix only. */
function removeMade(prefix: string): void {
  for (const line of made(prefix)) {
    const [kind, name] = line.split(" ");
    const remove = {
      container: ["rm", "-f", "-v"],
      network: ["network", "rm"],
      volume: ["volume", "rm", "-f"],
      image: ["rmi", "-f"],
    }[kind];
    if (remove) docker(...remove, name);
  }
}

describe.each(CASES)("the printed commands of $stack", (c) => {
  const prefix = `explain-${randomBytes(3).toString("hex")}`;
  const name = (child: string) => `${prefix}-${c.stack}-${child}`;
  let script = "";

  beforeAll(() => {
    script = explain(c.stack, prefix);
    for (const [from, to] of c.rewrite ?? []) script = script.split(from).join(to);
    const run = spawnSync("bash", ["-e", "-o", "pipefail"], {
      input: script,
      cwd: REPO,
      encoding: "utf8",
      timeout: 300_000,
    });
    if (run.status !== 0)
      throw new Error(`the printed commands failed (${run.status}):\n${run.stderr}\n--- script ---\n${script}`);
  }, 420_000);

  afterAll(() => {
    removeMade(prefix);
  }, 120_000);

  test("every object they make carries the new prefix, none the deployed stack's names", () => {
    expect(script).not.toMatch(new RegExp(`--name ${c.stack}-`));
    const names = [...script.matchAll(/--name (\S+)/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n.startsWith(`${prefix}-${c.stack}-`)).toBe(true);
  });

  if (c.pages.length) {
    test("the stack's pages answer on 127.0.0.1 at the explained ports", async () => {
      for (const page of c.pages) {
        expect(await httpGet(`http://127.0.0.1:${page.port + PORT_OFFSET}${page.path}`)).toContain(page.contains);
      }
    });
  }

  test("the engine binds each port where the stack binds it, moved by the offset (docker inspect)", () => {
    const declared = declaredBindings(c.stack, prefix);
    expect(declared.size).toBeGreaterThan(0);
    for (const [container, ports] of declared) {
      expect(JSON.parse(inspect(container, "{{json .HostConfig.PortBindings}}")) ?? {}).toEqual(ports);
      // The engine's live table too (it lists exposed ports it does not publish as null), for containers that run.
      if (inspect(container, "{{.State.Running}}") === "true") {
        const live = Object.entries(
          (JSON.parse(inspect(container, "{{json .NetworkSettings.Ports}}")) ?? {}) as Record<string, unknown>,
        );
        // Where the stack leaves the host port to Docker, the live table has the port it picked.
        const picked = Object.fromEntries(
          Object.entries(ports).map(([key, bindings]) => [
            key,
            bindings.map((b) => (b.HostPort === "" ? { ...b, HostPort: expect.stringMatching(/^[1-9]\d*$/) } : b)),
          ]),
        );
        expect(Object.fromEntries(live.filter(([, bound]) => bound !== null))).toEqual(picked);
      }
    }
  });

  if (c.resolves) {
    test("names resolve between containers by the stack's names and aliases", () => {
      for (const [from, to] of c.resolves ?? []) {
        const address = inspect(name(to), "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
        expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        for (const target of [to, name(to)]) expect(docker("exec", name(from), "nslookup", target)).toContain(address);
      }
    });
  }

  if (c.loopbackOnly) {
    const { container, volume } = c.loopbackOnly;
    test("the container in network mode none has only the loopback interface", async () => {
      const job = name(container);
      for (let i = 0; i < 40 && inspect(job, "{{.State.Status}}") !== "exited"; i++)
        await new Promise((r) => setTimeout(r, 250));
      expect(inspect(job, "{{.State.Status}} {{.State.ExitCode}}")).toBe("exited 0");
      expect(Object.keys(JSON.parse(inspect(job, "{{json .NetworkSettings.Networks}}")))).toEqual(["none"]);
      const result = docker(
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        `${name(volume)}:/out:ro`,
        base,
        "cat",
        "/out/result.txt",
      );
      expect(result.split("\n")[0]).toBe("interfaces: lo");
    });
  }

  test("removing by the prefix leaves nothing behind", () => {
    expect(made(prefix).length).toBeGreaterThan(0);
    removeMade(prefix);
    expect(made(prefix)).toEqual([]);
  });
});
