import { BridgeNetwork } from "docker-iac";
import { drawer } from "../drawer";

/** A user-defined bridge network, with its subnet when it has one. */
export const bridgeNetworkDrawer = drawer(BridgeNetwork, (network, { diagram, place }) => {
  const label = [network._plainName, `bridge${network.subnet ? ` ${network.subnet}` : ""}`];
  diagram.node(network, network.node.path, { kind: "bridge-network", label, place });
});
