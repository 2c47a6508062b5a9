import { docker, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";

/** Reads the job's result file from its volume with a throw-away container (no network either). */
function readResult(volume: string): string {
  const base = process.env.DOCKER_IAC_BASE_IMAGE ?? "busybox:1.37.0";
  return docker("run", "--rm", "--network", "none", "-v", `${volume}:/out:ro`, base, "cat", "/out/result.txt");
}

async function waitForExit(container: string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const status = inspect(container, "{{.State.Status}}");
    if (status === "exited") return status;
    await new Promise((r) => setTimeout(r, 250));
  }
  return inspect(container, "{{.State.Status}}");
}

describeDeployedStack("none", { container: "job" }, ({ ws }) => {
  test("the job ran to completion with exit code 0", async () => {
    const job = ws().name("none", "job");
    expect(await waitForExit(job)).toBe("exited");
    expect(inspect(job, "{{.State.ExitCode}}")).toBe("0");
  });

  test("it had only the loopback interface, and its result is in the named volume", () => {
    expect(inspect(ws().name("none", "job"), "{{.HostConfig.NetworkMode}}")).toBe("none");
    expect(readResult(ws().name("none", "results"))).toBe("interfaces: lo\nsum 1..100: 5050");
  });
});
