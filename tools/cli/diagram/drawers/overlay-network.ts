import { OverlayNetwork } from "docker-iac";
import { drawer, internalNetwork } from "../drawer";

/** A Swarm overlay network: it spans the swarm's nodes; attachable, subnet and internal when set. */
export const overlayNetworkDrawer = drawer(OverlayNetwork, (network, context) => {
  const internal = internalNetwork(network.resource, context);
  const details = [
    "overlay",
    ...(network.subnet ? [network.subnet] : []),
    ...(network.attachable ? ["attachable"] : []),
  ];
  const label = [network._plainName, details.join(" "), ...internal.label];
  context.diagram.node(network, network.node.path, {
    kind: "overlay-network",
    label,
    place: context.place,
    internal: internal.internal,
  });
});
