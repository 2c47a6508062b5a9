// The version of the docker-iac package that runs (for --version, and the one `init` pins).
import * as fs from "fs";
import * as path from "path";

/** The package's version, from the package.json above this file (in the repo and in dist/). */
export function packageVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (json.name === "docker-iac") return json.version ?? "unknown";
  }
  return "unknown";
}
