import * as fs from "fs";
import * as path from "path";
import { Testing, TerraformStack } from "cdktf";
import { DockerApp } from "docker-iac";
import { defineStacks } from "../../stacks/app";
import { docker } from "./docker";
import { requireToolchainOrExplain } from "./toolchain";
import { E2eWorkspace } from "./workspace";

/** Per-stack figures for the run report (e2e-report/<stack>.json at the repo root, not committed). */
interface StackFigures {
  stack: string;
  deployMs: number[];
  destroyMs: number;
  liveAssertions: number;
}

const REPORT_DIR = process.env.E2E_REPORT_DIR ?? path.resolve(__dirname, "..", "..", "e2e-report");

export interface DeployedStackSuite {
  /** The workspace of this run (valid inside tests). */
  readonly ws: () => E2eWorkspace;
  /** Redeploys the stack and records the time. */
  readonly redeploy: () => void;
}

/**
 * Declares the e2e suite of one stack: deploy it for real, run the stack's own checks
 * (`checks`), then what every stack must do: validate, re-plan empty, notice and heal a
 * removed container, destroy clean. Tests run in declaration order, as one story.
 */
export function describeDeployedStack(
  stack: string,
  options: { container: string; stacks?: string[]; afterDestroy?: (ws: E2eWorkspace) => void },
  checks: (suite: DeployedStackSuite) => void,
): void {
  const ready = requireToolchainOrExplain();
  // A skip happens only off CI (requireToolchainOrExplain throws on CI) and says why.
  const describeIf = ready ? describe : describe.skip;
  const stacks = options.stacks ?? [stack];

  describeIf(`${stack} stack, deployed to a real Docker engine`, () => {
    let ws: E2eWorkspace;
    const figures: StackFigures = { stack, deployMs: [], destroyMs: 0, liveAssertions: 0 };
    const deployAll = () => stacks.forEach((s) => figures.deployMs.push(ws.deploy(s).ms));

    beforeAll(() => {
      ws = new E2eWorkspace();
      deployAll();
    });
    afterEach(() => {
      figures.liveAssertions += expect.getState().assertionCalls;
    });
    afterAll(() => {
      ws?.cleanUp();
      writeFigures(figures);
    });

    checks({ ws: () => ws, redeploy: deployAll });

    test("the synthesized configuration is valid Terraform", () => {
      const app = new DockerApp({ context: ws.context(), reportErrors: false, stackTraces: false });
      defineStacks(app);
      for (const name of stacks) {
        const synthesized = app.node.children.find(
          (c) => TerraformStack.isStack(c) && c.node.id === name,
        ) as TerraformStack;
        expect(Testing.fullSynth(synthesized)).toBeValidTerraform();
      }
    });

    test("a second plan right after deploy is empty", () => {
      for (const name of stacks) {
        const plan = ws.plan(name);
        expect({ stack: name, exitCode: plan.status, output: plan.status === 0 ? "" : plan.output }).toEqual({
          stack: name,
          exitCode: 0,
          output: "",
        });
      }
    });

    test("a container removed by hand shows up in the plan and a redeploy restores it", () => {
      const name = ws.name(stack, options.container);
      docker("rm", "-f", name);
      expect(ws.plan(stacks[0]).status).toBe(2);
      deployAll();
      expect(docker("ps", "-a", "-q", "--filter", `name=^${name}$`)).not.toBe("");
      expect(ws.plan(stacks[0]).status).toBe(0);
    });

    test("destroy leaves no container, network, volume or image of the stack behind", () => {
      for (const name of [...stacks].reverse()) {
        figures.destroyMs += ws.destroy(name).ms;
        expect(ws.leftovers(name)).toEqual([]);
      }
    });

    if (options.afterDestroy) {
      test("after destroy: what the stack keeps on purpose is there, then removed", () => options.afterDestroy!(ws));
    }
  });
}

/** One file per stack, renamed into place: test files running in parallel never share one. */
function writeFigures(figures: StackFigures): void {
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  const file = path.join(REPORT_DIR, `${figures.stack}.json`);
  fs.writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(figures, null, 2));
  fs.renameSync(`${file}.${process.pid}.tmp`, file);
}
