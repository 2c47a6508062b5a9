// The cdktf app entry (cdktf.json runs it through ts-node's transpile-only mode: no type
// checking on the synth path; `npm run typecheck` does that).
import { DockerApp } from "../constructs/docker-app";
import { defineStacks } from "./app";

const app = new DockerApp();
defineStacks(app);
app.synth();
