import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { docker, httpGet } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";

// The README's first command on a laptop: a user who is not root, whose Docker engine already
// runs (the one CI started; the user is in the docker group), and who has no Go. The quickstart
// must not try apt or dockerd or Go, must build no server image, and must end with hello
// answering; then `cdktf destroy` removes it. Offline here: the provider comes from the mirror
// the toolchain built, copied where the user can read it and named by the user's own
// TF_CLI_CONFIG_FILE, as an air-gapped user would set it up (docs/air-gapped.md).
const REPO = path.resolve(__dirname, "..", "..");
const USER = "docker-iac-e2e";
const SOURCES = [
  "constructs",
  "stacks",
  "examples",
  "tools",
  "docs",
  "cdktf.json",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "README.md",
];

const ready = requireToolchainOrExplain();
const isRoot = process.getuid?.() === 0;
if (ready && !isRoot && process.env.CI)
  throw new Error("CI must run the quickstart-as-a-user e2e test, which needs root to create the user");
(ready && isRoot ? describe : describe.skip)(
  "the quickstart as a user who is not root, with Docker running and no Go",
  () => {
    let home: string;
    let project: string;
    let createdUser = false;
    let quickstart: { status: number | null; output: string };

    /** Runs a command as the user, in the project, with a login-like environment of their own. */
    function asUser(command: string[], extraEnv: Record<string, string> = {}) {
      const env = [
        `HOME=${home}`,
        `USER=${USER}`,
        "PATH=/usr/local/bin:/usr/bin:/bin",
        "CHECKPOINT_DISABLE=1",
        `TF_CLI_CONFIG_FILE=${home}/offline.tfrc`,
        ...Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`),
      ];
      const result = spawnSync("runuser", ["-u", USER, "--", "env", "-i", ...env, ...command], {
        cwd: project,
        encoding: "utf8",
        timeout: 600_000,
      });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    }

    beforeAll(() => {
      if (spawnSync("id", ["-u", USER]).status !== 0) {
        execFileSync("useradd", ["--create-home", "--groups", "docker", "--shell", "/bin/bash", USER]);
        createdUser = true;
      }
      home = execFileSync("getent", ["passwd", USER], { encoding: "utf8" }).split(":")[5];
      project = path.join(home, "docker-iac");
      fs.rmSync(project, { recursive: true, force: true });
      for (const entry of SOURCES) fs.cpSync(path.join(REPO, entry), path.join(project, entry), { recursive: true });
      // The offline provider, readable by the user: the toolchain's mirror, copied into their home.
      const mirror = path.join(process.env.DOCKER_IAC_CACHE!, "provider-mirror");
      fs.cpSync(mirror, path.join(home, "provider-mirror"), { recursive: true });
      fs.writeFileSync(
        path.join(home, "offline.tfrc"),
        [
          "provider_installation {",
          `  filesystem_mirror { path = "${home}/provider-mirror" }`,
          '  direct { exclude = ["registry.terraform.io/kreuzwerker/docker"] }',
          "}",
          "",
        ].join("\n"),
      );
      execFileSync("chown", ["-R", `${USER}:${USER}`, home]);
      // The npm packages: the repository's own when the user can read them, as a copy of the
      // project would have them after `npm ci` (which the quickstart runs when they are missing).
      const modules = path.join(REPO, "node_modules");
      if (asUser(["test", "-r", path.join(modules, "cdktf", "package.json")]).status === 0)
        fs.symlinkSync(modules, path.join(project, "node_modules"));
      quickstart = asUser(["bash", "tools/dev/quickstart.sh"]);
    });

    afterAll(() => {
      if (project)
        asUser(["npx", "cdktf", "destroy", "hello", "--auto-approve", "--skip-provider-lock", "--no-color"], {
          CI: "true",
        });
      // Whatever a failed run left: hello deployed outside the suite is refused by the global set-up,
      // so any hello container now is this test's.
      for (const id of docker("ps", "-aq", "--filter", "label=io.docker-iac.stack=hello").split("\n").filter(Boolean)) {
        if (!docker("inspect", "-f", '{{index .Config.Labels "io.docker-iac.e2e"}}', id)) docker("rm", "-f", id);
      }
      if (createdUser) spawnSync("userdel", ["--remove", USER]);
      else if (project) fs.rmSync(project, { recursive: true, force: true });
    });

    test("deploys hello and the page answers", async () => {
      expect({ status: quickstart.status, tail: quickstart.output.slice(-3000) }).toEqual({
        status: 0,
        tail: expect.stringContaining("hello from docker-iac"),
      });
      expect(await httpGet("http://127.0.0.1:18080/")).toContain("hello from docker-iac");
      expect(docker("inspect", "-f", "{{.State.Running}}", "hello-web-a")).toBe("true");
    });

    test("tried no apt, no dockerd and no Go, and built no server image", () => {
      expect(quickstart.output).not.toMatch(
        /apt-get|Reading package lists|started dockerd|go: downloading|building terraform-provider-docker/,
      );
      expect(quickstart.output).toContain(
        "[toolchain] 4/5 docker provider: using the Terraform CLI config TF_CLI_CONFIG_FILE names",
      );
      expect(quickstart.output).not.toMatch(/\[server-images\] (postgres|redis|nginx|python): built/);
    });

    test("cdktf destroy, as the user, leaves no container of the stack", () => {
      const destroy = asUser(
        ["npx", "cdktf", "destroy", "hello", "--auto-approve", "--skip-provider-lock", "--no-color"],
        { CI: "true" },
      );
      expect({ status: destroy.status, tail: destroy.output.slice(-2000) }).toEqual({
        status: 0,
        tail: expect.any(String),
      });
      expect(docker("ps", "-aq", "--filter", "label=io.docker-iac.stack=hello")).toBe("");
    });
  },
);
