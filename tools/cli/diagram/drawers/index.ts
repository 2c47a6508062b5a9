import type { ConstructDrawer } from "../drawer";
import { bridgeNetworkDrawer } from "./bridge-network";
import { containerDrawer } from "./container";
import { immutableImageDrawer, registryImageDrawer } from "./images";
import { overlayNetworkDrawer } from "./overlay-network";
import { swarmServiceDrawer } from "./swarm-service";
import { volumeDrawer } from "./volume";

/** Every construct type the diagram knows. A new type: one file in this folder, one line here. */
export const DRAWERS: ConstructDrawer[] = [
  containerDrawer,
  bridgeNetworkDrawer,
  volumeDrawer,
  immutableImageDrawer,
  registryImageDrawer,
  swarmServiceDrawer,
  overlayNetworkDrawer,
] as ConstructDrawer[];
