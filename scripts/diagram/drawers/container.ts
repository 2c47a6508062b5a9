import { Container, Network, NetworkMode } from "docker-iac";
import { constructRef, dependenciesOf, drawer, networkRef } from "../drawer";

/** A container: its image, networks, host port forwards, mounts and dependencies. */
export const containerDrawer = drawer(Container, (container, context) => {
  const { diagram } = context;
  const self = diagram.node(container, container.node.path, { kind: "container", label: [container.containerName], place: context.place });
  diagram.edge(self, constructRef(container.image, container.image.imageName, "image", context), "runs", "runs");

  if (container.networkMode === NetworkMode.BRIDGE) {
    for (const attachment of container.networkAttachments) {
      const details = [...attachment.aliases.map((a) => `alias ${a}`), ...(attachment.ipv4Address ? [attachment.ipv4Address] : [])];
      diagram.edge(self, networkRef(attachment.network, context), "network", details.join(", ") || undefined);
    }
  } else {
    diagram.edge(self, networkRef(container.networkMode === NetworkMode.HOST ? Network.HOST : Network.NONE, context), "network");
  }

  for (const forward of container.portForwards) {
    const hostSide = `${forward.hostIp.includes(":") ? `[${forward.hostIp}]` : forward.hostIp}:${forward.hostPort ?? "(any port)"}`;
    const port = diagram.node(`${container.node.path} port ${hostSide}/${forward.protocol}`, `port ${hostSide} ${forward.protocol} ${container.node.path}`, {
      kind: "host-port",
      label: [hostSide],
      place: context.host,
    });
    diagram.edge(port, self, "port", `${forward.containerPort}/${forward.protocol}`);
  }

  for (const mount of container.mounts) {
    const mode = mount.readOnly ? " (read-only)" : "";
    if ("volume" in mount) {
      diagram.edge(constructRef(mount.volume, mount.volume.volumeName, "volume", context), self, "mount", `${mount.containerPath}${mode}`);
    } else {
      const hostPath = diagram.ref(`host path ${mount.hostPath}`, `host path ${mount.hostPath}`, { kind: "host-path", label: [mount.hostPath], place: context.host });
      diagram.edge(hostPath, self, "mount", `${mount.containerPath}${mode}`);
    }
  }

  for (const owner of dependenciesOf(container.resource, context)) {
    diagram.edge(self, diagram.ref(owner, owner.node.path, { kind: "container", label: [owner.node.id], place: context.place }), "depends", "depends on");
  }
});

