import * as os from "os";
import * as path from "path";
import type { IConstruct } from "constructs";
import { Container, DependencyCondition, Network, NetworkMode, UpdateOrder } from "docker-iac";
import { constructRef, dependenciesOf, drawer, networkRef } from "../drawer";

/** A container: its image, networks, host port forwards, mounts and dependencies. */
export const containerDrawer = drawer(Container, (container, context) => {
  const { diagram } = context;
  // A start-first container's name ends in a hash of its settings (and of paths on this machine):
  // drawn as a placeholder, as an image's content tag is, so the drawing does not go stale.
  const label =
    container.updateOrder === UpdateOrder.START_FIRST
      ? [`${container._plainName.replace(/-[0-9a-f]+$/, "")}-(content hash)`, "start-first"]
      : [container._plainName];
  const self = diagram.node(container, container.node.path, { kind: "container", label, place: context.place });
  diagram.edge(self, constructRef(container.image, container.image.imageName, "image", context), "runs", "runs");

  if (container.networkMode === NetworkMode.BRIDGE) {
    for (const attachment of container.networkAttachments) {
      const details = [
        ...(attachment.aliases.length ? [`alias ${attachment.aliases.join(", ")}`] : []),
        ...(attachment.ipv4Address ? [attachment.ipv4Address] : []),
      ];
      diagram.edge(self, networkRef(attachment.network, context), "network", details.join("; ") || undefined);
    }
  } else {
    diagram.edge(
      self,
      networkRef(container.networkMode === NetworkMode.HOST ? Network.HOST : Network.NONE, context),
      "network",
    );
  }

  for (const forward of container.portForwards) {
    const hostSide = `${forward.hostIp.includes(":") ? `[${forward.hostIp}]` : forward.hostIp}:${forward.hostPort ?? "(any port)"}`;
    const port = diagram.node(
      `${container.node.path} port ${hostSide}/${forward.protocol}`,
      `port ${hostSide} ${forward.protocol} ${container.node.path}`,
      {
        kind: "host-port",
        label: [hostSide],
        place: context.host,
      },
    );
    diagram.edge(port, self, "port", `${forward.containerPort}/${forward.protocol}`);
  }

  const readOnly = (mount: { readOnly: boolean }) => (mount.readOnly ? " (read-only)" : "");
  for (const mount of container.mountedVolumes) {
    diagram.edge(
      constructRef(mount.volume, mount.volume.volumeName, "volume", context),
      self,
      "mount",
      `${mount.containerPath}${readOnly(mount)}`,
    );
  }
  for (const mount of container.mountedHostPaths) {
    const shown = homeRelative(mount.hostPath);
    const hostPath = diagram.ref(`host path ${shown}`, `host path ${shown}`, {
      kind: "host-path",
      label: [shown],
      place: context.host,
    });
    diagram.edge(hostPath, self, "mount", `${mount.containerPath}${readOnly(mount)}`);
  }

  // dependsOn with its condition; then any other depends_on (an escape-hatch override).
  const ref = (owner: IConstruct) =>
    diagram.ref(owner, owner.node.path, { kind: "container", label: [owner.node.id], place: context.place });
  for (const { container: other, condition } of container.dependsOn) {
    diagram.edge(self, ref(other), "depends", `depends on: ${CONDITIONS[condition] ?? condition}`);
  }
  for (const owner of dependenciesOf(container.resource, context)) {
    if (!container.dependsOn.some((d) => d.container === owner))
      diagram.edge(self, ref(owner), "depends", "depends on");
  }
});

const CONDITIONS: Record<string, string> = {
  [DependencyCondition.STARTED]: "started",
  [DependencyCondition.HEALTHY]: "healthy",
  [DependencyCondition.COMPLETED_SUCCESSFULLY]: "completed",
};

/** A path under the home directory as `~/...`: the same on every machine (a secret's file, say). */
function homeRelative(hostPath: string): string {
  const home = os.homedir();
  const relative = path.relative(home, hostPath);
  const inside =
    relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) && home !== path.parse(home).root;
  return inside ? `~/${relative}` : hostPath;
}
