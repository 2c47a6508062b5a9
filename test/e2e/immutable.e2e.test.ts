import * as fs from "fs";
import * as path from "path";
import { httpGet, inspect } from "./docker";
import { describeDeployedStack } from "./lifecycle";

describeDeployedStack("immutable", { container: "app" }, ({ ws, redeploy }) => {
  test("an upgrade replaces image and container, and the volume keeps its data", async () => {
    const app = ws().name("immutable", "app");
    const before = await httpGet("http://127.0.0.1:18100/cgi-bin/app");
    expect(before).toContain("version: 1.0.0");
    const [imageBefore, containerBefore] = [inspect(app, "{{.Image}}"), inspect(app, "{{.Id}}")];

    // Change the source in the run's own copy, never in the repo.
    fs.writeFileSync(path.join(ws().dir, "examples", "immutable", "www", "VERSION"), "2.0.0\n");
    redeploy();

    const after = await httpGet("http://127.0.0.1:18100/cgi-bin/app");
    expect(after).toContain("version: 2.0.0");
    expect(inspect(app, "{{.Image}}")).not.toBe(imageBefore);
    expect(inspect(app, "{{.Id}}")).not.toBe(containerBefore);
    // The visit logged by 1.0.0 is still in the named volume.
    expect(after).toContain("visit by version 1.0.0");
    expect(after).toContain("visit by version 2.0.0");
  });
});
