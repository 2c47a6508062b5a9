import { httpGet, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";

describeDeployedStack("host", { container: "web" }, ({ ws }) => {
  test("the service answers on the host port although no port forward exists", async () => {
    expect(await httpGet("http://127.0.0.1:18090/")).toContain("host network");
    expect(JSON.parse(inspect(ws().name("host", "web"), "{{json .HostConfig.PortBindings}}")) ?? {}).toEqual({});
  });

  test("docker inspect shows network mode host", () => {
    expect(inspect(ws().name("host", "web"), "{{.HostConfig.NetworkMode}}")).toBe("host");
  });
});
