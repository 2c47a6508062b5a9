import { httpGet, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";

describeDeployedStack("hello", { container: "web-a" }, ({ ws }) => {
  test("each forwarded 127.0.0.1 port serves the page", async () => {
    for (const port of [18080, 18081]) {
      expect(await httpGet(`http://127.0.0.1:${port}/`)).toContain("hello from docker-iac");
    }
  });

  test("both containers run one and the same image", () => {
    const a = inspect(ws().name("hello", "web-a"), "{{.Image}}");
    const b = inspect(ws().name("hello", "web-b"), "{{.Image}}");
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  test("ports are published on loopback only", () => {
    const bindings = inspect(ws().name("hello", "web-a"), "{{json .HostConfig.PortBindings}}");
    expect(JSON.parse(bindings)).toEqual({ "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "18080" }] });
  });

  test("the live container carries the hardened defaults", () => {
    const hostConfig = JSON.parse(inspect(ws().name("hello", "web-a"), "{{json .HostConfig}}"));
    expect({
      privileged: hostConfig.Privileged,
      capDrop: hostConfig.CapDrop,
      securityOpt: hostConfig.SecurityOpt,
      readonlyRootfs: hostConfig.ReadonlyRootfs,
      tmpfs: hostConfig.Tmpfs,
      memory: hostConfig.Memory,
      memorySwap: hostConfig.MemorySwap,
      cpuShares: hostConfig.CpuShares,
      restart: hostConfig.RestartPolicy,
    }).toEqual({
      privileged: false,
      capDrop: ["ALL"],
      securityOpt: ["no-new-privileges:true"],
      readonlyRootfs: true,
      tmpfs: { "/tmp": "rw,noexec,nosuid,size=16m" },
      memory: 128 * 1024 * 1024,
      memorySwap: 128 * 1024 * 1024,
      cpuShares: 512,
      restart: { Name: "unless-stopped", MaximumRetryCount: 0 },
    });
    expect(inspect(ws().name("hello", "web-a"), "{{.Config.User}}")).toBe("10001:10001");
    // On the stack's own bridge network only, never Docker's default one (CIS 5.29).
    const networks = Object.keys(
      JSON.parse(inspect(ws().name("hello", "web-a"), "{{json .NetworkSettings.Networks}}")),
    );
    expect(networks).toEqual([ws().name("hello", "default-network")]);
  });
});
