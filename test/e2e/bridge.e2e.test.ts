import { docker, httpGet, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";

describeDeployedStack("bridge", { container: "front" }, ({ ws }) => {
  test("the front answers on its forwarded port with data it fetched from the back by name", async () => {
    const body = await httpGet("http://127.0.0.1:18085/cgi-bin/front");
    expect(body).toContain(`front asked ${ws().name("bridge", "back")}:8080`);
    expect(body).toContain("inventory: 42 widgets (from the back tier)");
  });

  test("the back publishes no port", () => {
    expect(JSON.parse(inspect(ws().name("bridge", "back"), "{{json .HostConfig.PortBindings}}")) ?? {}).toEqual({});
    expect(docker("port", ws().name("bridge", "back"))).toBe("");
  });

  test("both containers are on the stack's user-defined bridge network, not Docker's default", () => {
    const network = ws().name("bridge", "app-network");
    expect(inspect(network, "{{.Driver}}")).toBe("bridge");
    for (const tier of ["front", "back"]) {
      const networks = Object.keys(
        JSON.parse(inspect(ws().name("bridge", tier), "{{json .NetworkSettings.Networks}}")),
      );
      expect(networks).toEqual([network]);
    }
  });

  test("inside the network, the back's name resolves through Docker's DNS", () => {
    const answer = docker("exec", ws().name("bridge", "front"), "nslookup", ws().name("bridge", "back"));
    const backIp = inspect(ws().name("bridge", "back"), "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
    expect(answer).toContain(backIp);
  });
});
