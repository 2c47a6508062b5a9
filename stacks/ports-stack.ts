import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { Container, DockerStack, type DockerStackProps, ImmutableImage, Network, Protocol } from "docker-iac";
import { baseImage, exampleDir } from "./example-inputs";
import { serverImage } from "./server-images";

/** The fixed host ports of the ports stack. */
export interface PortsStackPorts {
  /** Web's TCP port on 127.0.0.1, and Echo's UDP port: one number, two protocols, two forwards. */
  readonly web: number;
  /** Twin's port on 127.0.0.1: the same container port as Web, another host port. */
  readonly twin: number;
  /** Open's port on 0.0.0.0, every address of the host. */
  readonly open: number;
  /** The port the host-mode container listens on itself (127.0.0.1). */
  readonly hostMode: number;
}

export interface PortsStackProps extends DockerStackProps {
  /**
   * Host ports (Picked has none: Docker picks it).
   * @default { web: 18190, twin: 18191, open: 18192, hostMode: 18193 }
   */
  readonly hostPorts?: Partial<PortsStackPorts>;
}

/** Port forwarding: host ports forwarded to container ports, and what decides who reaches them. */
export class PortsStack extends DockerStack {
  constructor(scope: Construct, id: string, props: PortsStackProps = {}) {
    super(scope, id, props);
    const ports: PortsStackPorts = { web: 18190, twin: 18191, open: 18192, hostMode: 18193, ...props.hostPorts };
    const image = new ImmutableImage(this, "WebImage", {
      context: exampleDir("ports", "web"),
      buildArgs: { BASE_IMAGE: baseImage(this) },
    });
    const named = (name: string) => ({ image, environment: { APP_NAME: name } });

    // -p 127.0.0.1:18190:8080: host port 18190, on loopback only (the library's default address).
    const web = new Container(this, "Web", {
      ...named("web"),
      portForwards: [{ containerPort: 8080, hostPort: ports.web }],
    });
    // The same container port again, in another container: each container has its own 8080.
    const twin = new Container(this, "Twin", {
      ...named("twin"),
      portForwards: [{ containerPort: 8080, hostPort: ports.twin }],
    });
    // No host port: Docker picks a free one when it starts the container (-p 127.0.0.1::8080).
    const picked = new Container(this, "Picked", { ...named("picked"), portForwards: [{ containerPort: 8080 }] });
    // Every address of the host, on purpose: whoever reaches this machine reaches this port.
    const open = new Container(this, "Open", named("open"));
    open.waiveAuditRule(
      "5.13",
      "this example shows 0.0.0.0 next to 127.0.0.1; the page is static and says which container answered",
    );
    open.addPortForward(8080, { hostPort: ports.open, hostIp: "0.0.0.0" });

    // UDP next to TCP: the same host port number as Web, another protocol, so no clash.
    const echo = new Container(this, "Echo", {
      image: new ImmutableImage(this, "EchoImage", {
        context: exampleDir("ports", "udp-echo"),
        buildArgs: { RUNTIME_IMAGE: serverImage(this, "python").reference },
      }),
      portForwards: [{ containerPort: 9000, hostPort: ports.web, protocol: Protocol.UDP }],
    });

    // Host networking: the server listens on the host's own port; there is nothing to forward.
    const hostMode = new Container(this, "HostMode", {
      ...named("host-mode"),
      network: Network.HOST,
      command: ["httpd", "-f", "-p", `127.0.0.1:${ports.hostMode}`, "-h", "/www"],
    });
    hostMode.waiveAuditRule(
      "5.9",
      "this example contrasts host networking with port forwards; it listens on 127.0.0.1 only",
    );

    new TerraformOutput(this, "containers", {
      value: [web, twin, picked, open, echo, hostMode].map((c) => c.containerName),
    });
    new TerraformOutput(this, "urls", {
      value: [ports.web, ports.twin, ports.open, ports.hostMode].map(
        (port) => `http://127.0.0.1:${port}/cgi-bin/whoami`,
      ),
    });
    // Known only after deploy: read back from the container Docker started.
    new TerraformOutput(this, "picked_port", { value: picked.hostPortOf(8080) });
  }
}
