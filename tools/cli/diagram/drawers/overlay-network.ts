import { OverlayNetwork } from "docker-iac";
import { drawer } from "../drawer";

/** A Swarm overlay network: it spans the swarm's nodes; attachable and subnet when set. */
export const overlayNetworkDrawer = drawer(OverlayNetwork, (network, { diagram, place }) => {
  const details = ["overlay", ...(network.subnet ? [network.subnet] : []), ...(network.attachable ? ["attachable"] : [])];
  diagram.node(network, network.node.path, { kind: "overlay-network", label: [network._plainName, details.join(" ")], place });
});
