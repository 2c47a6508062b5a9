// The cdktf app entry (cdktf.json runs it through scripts/register-ts.js: no type
// checking on the synth path; `npm run typecheck` does that).
import { DockerApp, SynthProblemsError } from "docker-iac";
import { defineStacks } from "./app";

const app = new DockerApp();
defineStacks(app);
try {
  app.synth();
} catch (err) {
  // A broken definition is the user's to fix: show the problems, not our stack trace.
  if (!(err instanceof SynthProblemsError)) throw err;
  console.error(err.message);
  process.exit(1);
}
