// The cdktf app entry (cdktf.json runs it through tools/dev/register-ts.js: no type
// checking on the synth path; `npm run typecheck` does that). No try/catch: DockerApp
// prints any definition error as `[path] problem. Fix: ...` and exits 1.
import { DockerApp } from "docker-iac";
import { defineStacks } from "./app";

const app = new DockerApp();
defineStacks(app);
app.synth();
