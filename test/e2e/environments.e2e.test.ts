import { httpGet, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";

describeDeployedStack("env-dev", { container: "web", stacks: ["env-dev", "env-staging"] }, ({ ws }) => {
  test("both environments run side by side, each on its own port with its own name", async () => {
    expect(await httpGet("http://127.0.0.1:18110/cgi-bin/env")).toBe("environment: dev\n");
    expect(await httpGet("http://127.0.0.1:18111/cgi-bin/env")).toBe("environment: staging\n");
    expect(inspect(ws().name("env-dev", "web"), "{{.State.Running}}")).toBe("true");
    expect(inspect(ws().name("env-staging", "web"), "{{.State.Running}}")).toBe("true");
  });

  test("they come from one definition and differ only in the values passed to it", () => {
    const image = (env: string) => inspect(ws().name(env, "web"), "{{.Config.Image}}").split(":")[1];
    expect(image("env-dev")).toBe(image("env-staging")); // same content tag
    expect(inspect(ws().name("env-dev", "web"), "{{.HostConfig.Memory}}")).toBe(String(64 * 1024 * 1024));
    expect(inspect(ws().name("env-staging", "web"), "{{.HostConfig.Memory}}")).toBe(String(96 * 1024 * 1024));
  });
});
