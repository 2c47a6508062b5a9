import { ServiceMode, SwarmService } from "docker-iac";
import { constructRef, drawer, networkRef } from "../drawer";

/** A Swarm service: its tasks (replicas or global), image, networks, published ports and volumes. */
export const swarmServiceDrawer = drawer(SwarmService, (service, context) => {
  const { diagram } = context;
  const tasks = service.mode === ServiceMode.GLOBAL ? "global: one task per node" : `${service.replicas} replica(s)`;
  const self = diagram.node(service, service.node.path, {
    kind: "service",
    label: [service._plainName, `${tasks}, endpoint ${service.endpointMode}`],
    place: context.place,
  });
  diagram.edge(self, constructRef(service.image, service.image.imageName, "image", context), "runs", "runs");
  for (const attachment of service.networkAttachments) {
    diagram.edge(
      self,
      networkRef(attachment.network, context),
      "network",
      attachment.aliases.length ? `alias ${attachment.aliases.join(", ")}` : undefined,
    );
  }
  for (const port of service.publishedPorts) {
    // Ingress publishes on every node (the routing mesh); host mode only where a task runs.
    const hostSide = `${port.mode} :${port.publishedPort ?? "(any port)"}`;
    const node = diagram.node(
      `${service.node.path} port ${hostSide}/${port.protocol}`,
      `port ${hostSide} ${port.protocol} ${service.node.path}`,
      {
        kind: "host-port",
        label: [hostSide],
        place: context.host,
      },
    );
    diagram.edge(node, self, "port", `${port.targetPort}/${port.protocol}`);
  }
  for (const mount of service.mountedVolumes) {
    diagram.edge(
      constructRef(mount.volume, mount.volume.volumeName, "volume", context),
      self,
      "mount",
      `${mount.containerPath}${mount.readOnly ? " (read-only)" : ""}`,
    );
  }
});
