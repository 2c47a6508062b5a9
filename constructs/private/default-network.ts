import type { IConstruct } from "constructs";
import type { BridgeNetwork } from "../bridge-network";

/**
 * How a stack makes its own bridge network. bridge-network.ts registers it when it loads, so
 * docker-stack.ts, which every construct imports, does not import a construct back.
 */
let factory: ((stack: IConstruct) => BridgeNetwork) | undefined;

export function registerDefaultNetworkFactory(make: (stack: IConstruct) => BridgeNetwork): void {
  factory = make;
}

/** Makes the default network `DefaultNetwork` of `stack` (DockerStack.defaultNetwork caches it). */
export function makeDefaultNetwork(stack: IConstruct): BridgeNetwork {
  // Unreachable through the package: its index loads bridge-network.ts, and so does container.ts.
  if (factory === undefined) throw new Error("internal error: bridge-network.ts is not loaded, so there is no default network factory");
  return factory(stack);
}
