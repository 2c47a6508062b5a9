import { docker, httpGet, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";

describeDeployedStack("isolation", { container: "box" }, ({ ws }) => {
  test("inside, PID 1 is the app itself", () => {
    const box = ws().name("isolation", "box");
    expect(docker("exec", box, "cat", "/proc/1/cmdline").split("\0").filter(Boolean)).toEqual([
      "httpd",
      "-f",
      "-p",
      "8080",
      "-h",
      "/www",
    ]);
    // The host's PID for the same process is a different number: its own PID namespace.
    expect(Number(inspect(box, "{{.State.Pid}}"))).toBeGreaterThan(1);
  });

  test("the hostname is the container's own", () => {
    expect(docker("exec", ws().name("isolation", "box"), "hostname")).toBe("isolated-box");
  });

  test("the memory limit is the declared 64 MiB, seen both by the engine and inside", async () => {
    const box = ws().name("isolation", "box");
    expect(inspect(box, "{{.HostConfig.Memory}}")).toBe(String(64 * 1024 * 1024));
    const page = await httpGet("http://127.0.0.1:18095/cgi-bin/whoami");
    expect(page).toContain(`memory_limit_bytes: ${64 * 1024 * 1024}`);
    expect(page).toContain("hostname: isolated-box");
    expect(page).toMatch(/^pid1: httpd -f -p 8080 -h \/www/m);
  });

  test("it has its own network namespace: only lo and one interface of its own", () => {
    const links = docker("exec", ws().name("isolation", "box"), "ip", "-o", "link")
      .split("\n")
      .map((l) => l.split(": ")[1].split("@")[0]);
    expect(links.sort()).toEqual(["eth0", "lo"]);
  });
});
