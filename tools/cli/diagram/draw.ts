import { TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import type { DockerStack } from "docker-iac";
import type { DrawContext, ConstructDrawer } from "./drawer";
import { DRAWERS } from "./drawers";
import { type Diagram, DiagramBuilder } from "./model";

/**
 * Draws stacks from their construct trees into one diagram: every construct some drawer
 * knows, in tree order. Stacks on one engine share the host's box (its ports, its network).
 */
export function drawStacks(stacks: DockerStack[], title: string, drawers: ConstructDrawer[] = DRAWERS): Diagram {
  const diagram = new DiagramBuilder(title);
  for (const stack of stacks) {
    const owners = new Map<string, IConstruct>();
    for (const construct of stack.node.findAll()) {
      if (construct instanceof TerraformResource && construct.node.scope) {
        owners.set(`${construct.terraformResourceType}.${stack.getLogicalId(construct)}`, construct.node.scope);
      }
    }
    const config = JSON.parse(JSON.stringify(stack.toTerraform())) as {
      resource?: Record<string, Record<string, Record<string, unknown>>>;
    };
    const context: DrawContext = {
      diagram,
      stack,
      place: { stack: stack.node.id },
      host: { host: stack.host.endpoint },
      ownerOf: (dependency) => owners.get(dependency.replace(/^\$\{|\}$/g, "")),
      synthesized: (resource) =>
        config.resource?.[resource.terraformResourceType]?.[stack.getLogicalId(resource)] ?? {},
    };
    for (const construct of stack.node.findAll()) {
      drawers.find((d) => construct instanceof d.type)?.draw(construct, context);
    }
  }
  return diagram.build();
}
