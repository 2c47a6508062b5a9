import { blocks, CommandWords, type ExplainContext, labelPairs } from "./context";
import { type Command, concat, type Word } from "./shell";

/** `docker network create` for a docker_network: driver, subnet, internal, labels. */
export function networkCreate(resource: Record<string, unknown>, context: ExplainContext): Command {
  const w = new CommandWords(context);
  const name = w.word(resource.name, "network name");
  const driver = String(resource.driver ?? "bridge");
  const ipam: (Word | string)[] = [];
  const subnets: string[] = [];
  for (const block of blocks(resource.ipam_config)) {
    if (block.subnet !== undefined) {
      ipam.push(...["--subnet", w.word(block.subnet, "subnet")]);
      subnets.push(String(block.subnet));
    }
    if (block.ip_range !== undefined) ipam.push(...["--ip-range", w.word(block.ip_range, "ip range")]);
    if (block.gateway !== undefined) ipam.push(...["--gateway", w.word(block.gateway, "gateway")]);
    for (const [host, ip] of Object.entries((block.aux_address as Record<string, unknown> | undefined) ?? {})) {
      ipam.push(...["--aux-address", concat(`${host}=`, w.word(ip, "aux address"))]);
    }
  }
  const flags: (Word | string)[] = ["--driver", driver];
  if (resource.internal === true) flags.push("--internal");
  if (resource.attachable === true) flags.push("--attachable");
  if (resource.ipv6 === true) flags.push("--ipv6");
  if (resource.ipam_driver !== undefined) flags.push("--ipam-driver", w.word(resource.ipam_driver, "ipam driver"));
  const options = Object.entries((resource.options as Record<string, unknown> | undefined) ?? {}).map(
    ([key, value]) => ["--opt", concat(`${key}=`, w.word(value, `option ${key}`))],
  );
  const labels = labelPairs(resource.labels).map(([key, value]) => [
    "--label",
    concat(w.word(key, "label"), "=", w.word(value, "label value")),
  ]);

  const what =
    driver === "overlay" ? "a Swarm overlay network, spanning the swarm's nodes" : `a user-defined ${driver} network`;
  const facts = [
    subnets.length ? `subnet ${subnets.join(", ")}` : "subnet chosen by Docker",
    resource.internal === true
      ? "internal: no route out of it, its containers reach only each other"
      : "its containers reach each other by name",
  ];
  return w.command(`${what}; ${facts.join("; ")}`, [
    ["docker", "network", "create", ...flags],
    ipam,
    options.flat(),
    labels.flat(),
    [name],
  ]);
}
