import * as fs from "fs";
import * as path from "path";
import { type ISynthesisSession, TerraformStack } from "cdktf";
import { Construct } from "constructs";

/**
 * The stack folder's own copy of a staged build context, at the path TerraformAsset would use
 * (`assets/<logical id>/<hash>`), so the stack deploys without the repository.
 *
 * Not TerraformAsset itself: its copy follows symbolic links, so a link loop or a dangling link
 * ends synth with a trace, a link to a folder copies that whole tree, and a link to a file
 * outside the context copies the file's content, which the image would then hold. Docker sends
 * a link as a link, and the provider's tar of this folder does too; so this copy keeps links.
 */
export class ContextCopy extends Construct {
  /** The copy's folder, relative to the stack's folder (what `build.context` names). */
  public readonly path: string;

  constructor(scope: Construct, id: string, staged: string, hash: string) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const named = path.posix.join("assets", stack.getLogicalId(this.node));
    this.path = path.posix.join(named, hash);
    afterStackSynthesis(stack, (session) => {
      const stackDir = path.join(session.manifest.outdir, session.manifest.forStack(stack).synthesizedStackPath, "..");
      // Earlier versions of this image's context go, as TerraformAsset does with its own.
      fs.rmSync(path.join(stackDir, named), { recursive: true, force: true });
      fs.mkdirSync(path.join(stackDir, named), { recursive: true });
      fs.cpSync(staged, path.join(stackDir, this.path), { recursive: true, verbatimSymlinks: true });
      fs.chmodSync(path.join(stackDir, this.path), 0o755); // the staged folder is a private temp dir
    });
  }
}

const afterSynthesis = new WeakMap<TerraformStack, ((session: ISynthesisSession) => void)[]>();

/**
 * Runs `step` when `stack` has been written, through the stack's public `synthesizer`
 * (wrapped once per stack), not cdktf's internal per-construct hook: a library that leans on
 * cdktf's private files cannot follow a fork (docs/provider-versions.md, "CDK for Terraform").
 */
function afterStackSynthesis(stack: TerraformStack, step: (session: ISynthesisSession) => void): void {
  let steps = afterSynthesis.get(stack);
  if (!steps) {
    const ownSteps: ((session: ISynthesisSession) => void)[] = (steps = []);
    afterSynthesis.set(stack, ownSteps);
    const original = stack.synthesizer;
    stack.synthesizer = {
      synthesize(session: ISynthesisSession): void {
        original.synthesize(session);
        for (const run of ownSteps) run(session);
      },
    };
  }
  steps.push(step);
}
