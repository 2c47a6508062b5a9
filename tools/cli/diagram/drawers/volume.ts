import { Volume } from "docker-iac";
import { drawer } from "../drawer";

/** A named volume this stack creates. */
export const volumeDrawer = drawer(Volume, (volume, { diagram, place }) => {
  diagram.node(volume, volume.node.path, { kind: "volume", label: [volume._plainName, "volume"], place });
});
