import { containerCommands, CONTAINER_KEYS } from "./container";
import { blocks, type ExplainContext } from "./context";
import { BUILD_KEYS, IMAGE_KEYS, imageCommand } from "./image";
import { networkCreate } from "./network";
import { creationOrder } from "./order";
import { References, type Resources } from "./references";
import { literalText, type Step } from "./shell";
import {
  CONFIG_KEYS,
  configCommand,
  SECRET_KEYS,
  secretCommand,
  SERVICE_KEYS,
  serviceCommand,
  unshownServiceKeys,
} from "./swarm";
import { volumeCreate } from "./volume";

/** A stack as explain reads it: the synthesized Terraform JSON and where its images are built from. */
export interface StackToExplain {
  /** What `cdktf synth` writes to cdktf.out/stacks/<stack>/cdk.tf.json. */
  readonly config: { readonly resource?: Resources };
  /** The folder `docker build` takes for an image resource; `synthesized` is the stack-relative copy synth names. */
  readonly buildContext: (address: string, synthesized: string) => string;
}

export interface ExplainOptions {
  /** Added to every published host port. @default 0 */
  readonly portOffset?: number;
  /** The home folder, printed as `$HOME`. */
  readonly home: string;
}

const NETWORK_KEYS = new Set([
  "//",
  "depends_on",
  "lifecycle",
  "name",
  "driver",
  "internal",
  "attachable",
  "ipv6",
  "ipam_config",
  "ipam_driver",
  "options",
  "labels",
  "check_duplicate",
]);
const VOLUME_KEYS = new Set(["//", "depends_on", "lifecycle", "name", "driver", "driver_opts", "labels"]);

/** The docker commands that build the same thing by hand, in the order they must run. */
export function explainStack(stack: StackToExplain, options: ExplainOptions): Step[] {
  const resources = stack.config.resource ?? {};
  const context: ExplainContext = {
    refs: new References(resources, options.home),
    portOffset: options.portOffset ?? 0,
    buildContext: stack.buildContext,
  };
  const steps: Step[] = [];
  for (const { address, type, resource } of creationOrder(resources)) {
    const name = (() => {
      try {
        return literalText(context.refs.word(resource.name)) ?? address;
      } catch {
        return address;
      }
    })();
    const unshown = (known: Set<string>, extra: string[] = []) => {
      const keys = [...Object.keys(resource).filter((k) => !known.has(k)), ...extra];
      if (keys.length)
        steps.push({
          note: `not shown for ${name}: ${keys.join(", ")} (no docker flag for it here; see the stack's ${type})`,
        });
    };
    switch (type) {
      case "docker_network":
        steps.push(networkCreate(resource, context));
        unshown(NETWORK_KEYS);
        break;
      case "docker_volume":
        steps.push(volumeCreate(resource, context));
        unshown(VOLUME_KEYS);
        break;
      case "docker_image":
        steps.push(imageCommand(address, resource, context));
        unshown(
          IMAGE_KEYS,
          Object.keys(blocks(resource.build)[0] ?? {})
            .filter((k) => !BUILD_KEYS.has(k))
            .map((k) => `build.${k}`),
        );
        break;
      case "docker_container":
        steps.push(...containerCommands(resource, context));
        unshown(CONTAINER_KEYS);
        break;
      case "docker_secret":
        steps.push(secretCommand(resource, context));
        unshown(SECRET_KEYS);
        break;
      case "docker_config":
        steps.push(configCommand(resource, context));
        unshown(CONFIG_KEYS);
        break;
      case "docker_service":
        steps.push(...serviceCommand(resource, context));
        unshown(SERVICE_KEYS, unshownServiceKeys(resource));
        break;
      default:
        steps.push({ note: `cannot show ${address}: a ${type} has no single docker command; deploy it with cdktf` });
    }
  }
  return steps;
}
