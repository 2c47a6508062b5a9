import type { App } from "cdktf";
import { BridgeStack } from "./bridge-stack";
import { EnvironmentStack } from "./environment-stack";
import { HelloStack } from "./hello-stack";
import { HostStack } from "./host-stack";
import { ImmutableStack } from "./immutable-stack";
import { IsolationStack } from "./isolation-stack";
import { NoneStack } from "./none-stack";
import { PortsStack } from "./ports-stack";
import { TodoStack } from "./todo-stack";
import { SwarmStack } from "./swarm-stack";

/** Every example stack, by the name `cdktf deploy <name>` takes. */
export function defineStacks(app: App): void {
  new HelloStack(app, "hello");
  new PortsStack(app, "ports");
  new BridgeStack(app, "bridge");
  new HostStack(app, "host");
  new NoneStack(app, "none");
  new IsolationStack(app, "isolation");
  new ImmutableStack(app, "immutable");
  // The same class twice: environments differ only in the values passed here.
  new EnvironmentStack(app, "env-dev", { environment: "dev", hostPort: 18110 });
  new EnvironmentStack(app, "env-staging", { environment: "staging", hostPort: 18111, memoryMiB: 96 });
  new TodoStack(app, "todo");
  new SwarmStack(app, "swarm");
}
