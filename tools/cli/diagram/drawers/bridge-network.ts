import { BridgeNetwork } from "docker-iac";
import { drawer, internalNetwork } from "../drawer";

/** A user-defined bridge network, with its subnet when it has one, and whether it is internal. */
export const bridgeNetworkDrawer = drawer(BridgeNetwork, (network, context) => {
  const internal = internalNetwork(network.resource, context);
  const label = [network._plainName, `bridge${network.subnet ? ` ${network.subnet}` : ""}`, ...internal.label];
  context.diagram.node(network, network.node.path, {
    kind: "bridge-network",
    label,
    place: context.place,
    internal: internal.internal,
  });
});
