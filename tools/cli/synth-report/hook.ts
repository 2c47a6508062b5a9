// Preloaded into the app's process by the docker-iac command (NODE_OPTIONS --require, see
// report.ts): after DockerApp writes the stacks, it writes each stack's docker-iac.json.
import * as fs from "fs";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { auditStack, DockerApp, DockerStack, ImmutableImage, onAfterSynth, Volume } from "docker-iac";
import { drawStacks } from "../diagram/draw";
import { REPORT_FILE, REPORT_VERSION, type StackReport } from "./report";

onAfterSynth((app) => {
  const warnings = app instanceof DockerApp ? app.findWarnings() : [];
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    if (!(stack instanceof DockerStack)) continue;
    const buildContexts: Record<string, string> = {};
    const retainedVolumes: string[] = [];
    for (const construct of stack.node.findAll()) {
      if (construct instanceof ImmutableImage)
        buildContexts[`docker_image.${stack.getLogicalId(construct.resource)}`] = construct.contextDirectory;
      if (construct instanceof Volume && construct.retainOnDestroy) retainedVolumes.push(construct.volumeName);
    }
    const report: StackReport = {
      version: REPORT_VERSION,
      stack: stack.node.id,
      audit: auditStack(stack),
      diagram: drawStacks([stack], stack.node.id),
      buildContexts,
      retainedVolumes,
      warnings: warnings.filter((w) => w.startsWith(`[${stack.node.path}/`) || w.startsWith(`[${stack.node.path}]`)),
    };
    fs.writeFileSync(
      path.join(app.outdir, "stacks", stack.node.id, REPORT_FILE),
      `${JSON.stringify(report, null, 2)}\n`,
    );
  }
});
