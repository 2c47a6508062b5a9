import { blocks, CommandWords, type ExplainContext, labelPairs } from "./context";
import { healthFlags } from "./healthcheck";
import { isSecretVariable, secretVariableNote } from "./secrets";
import { type Command, concat, lit, literalText, type Note, quote, type Step, type Word } from "./shell";

/** Top-level docker_container attributes these commands show, or that only steer Terraform. */
export const CONTAINER_KEYS = new Set([
  "//",
  "depends_on",
  "lifecycle",
  "must_run",
  "wait",
  "wait_timeout",
  "attach",
  "logs",
  "start",
  "rm",
  "remove_volumes",
  "destroy_grace_seconds",
  "name",
  "image",
  "command",
  "entrypoint",
  "hostname",
  "domainname",
  "user",
  "working_dir",
  "env",
  "ports",
  "publish_all_ports",
  "network_mode",
  "networks_advanced",
  "volumes",
  "mounts",
  "tmpfs",
  "labels",
  "healthcheck",
  "restart",
  "max_retry_count",
  "privileged",
  "capabilities",
  "security_opts",
  "read_only",
  "stop_timeout",
  "stop_signal",
  "memory",
  "memory_swap",
  "cpu_shares",
  "cpu_set",
  "cpus",
  "shm_size",
  "ulimit",
  "sysctls",
  "devices",
  "log_driver",
  "log_opts",
  "dns",
  "dns_search",
  "dns_opts",
  "host",
  "group_add",
  "init",
  "ipc_mode",
  "pid_mode",
  "userns_mode",
  "runtime",
  "cgroupns_mode",
  "tty",
  "stdin_open",
  "gpus",
  "storage_opts",
]);

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const map = (value: unknown): [string, unknown][] =>
  Object.entries((value as Record<string, unknown> | undefined) ?? {});

/**
 * The commands that make one docker_container by hand: `docker run` with every flag the
 * resource sets; a container on more than one network is created, connected, then started
 * (`docker run` joins one network only). A container the deploy waits for gets a bounded
 * wait until Docker calls it healthy.
 */
export function containerCommands(resource: Record<string, unknown>, context: ExplainContext): Step[] {
  const w = new CommandWords(context);
  const notes: Note[] = [];
  const name = w.word(resource.name, "container name");
  const shown = literalText(name) ?? "the container";
  const facts: string[] = [];

  // Networks: the first one at create time, the others with `docker network connect`.
  const mode = String(resource.network_mode ?? "bridge");
  const attachments = blocks(resource.networks_advanced);
  const networkFlags: (Word | string)[] = [];
  const attach = (block: Record<string, unknown>): { flags: (Word | string)[]; text: string } => {
    const flags: (Word | string)[] = [];
    const aliases = list(block.aliases).map((a) => w.word(a, "network alias"));
    for (const alias of aliases) flags.push("--alias", alias);
    if (block.ipv4_address !== undefined) flags.push("--ip", w.word(block.ipv4_address, "IPv4 address"));
    if (block.ipv6_address !== undefined) flags.push("--ip6", w.word(block.ipv6_address, "IPv6 address"));
    const network = literalText(w.word(block.name, "network")) ?? "its network";
    const aliasText = aliases
      .map((a) => literalText(a))
      .filter(Boolean)
      .join(", ");
    return { flags, text: aliasText ? `${network} (also reachable there as ${aliasText})` : network };
  };
  if (attachments.length > 0) {
    const first = attach(attachments[0]);
    networkFlags.push(
      "--network",
      w.word(attachments[0].name, "network"),
      ...first.flags.map((f) => (f === "--alias" ? "--network-alias" : f)),
    );
    facts.push(`on ${first.text}`);
  } else {
    networkFlags.push("--network", w.word(mode, "network mode"));
    facts.push(
      mode === "none"
        ? "network none: only the loopback interface lo"
        : mode === "host"
          ? "on the host's own network: no port forwarding"
          : `network ${mode}`,
    );
  }

  const ports: (Word | string)[] = [];
  const portFacts: string[] = [];
  for (const port of blocks(resource.ports)) {
    const internal = String(port.internal);
    const protocol = String(port.protocol ?? "tcp");
    const ip = port.ip === undefined ? "0.0.0.0" : String(port.ip);
    const host = ip.includes(":") ? `[${ip}]` : ip;
    const external = port.external === undefined ? undefined : Number(port.external) + context.portOffset;
    ports.push("--publish", lit(`${host}:${external ?? ""}:${internal}/${protocol}`));
    const where = external === undefined ? `a port Docker picks on ${host}` : `${host}:${external}`;
    portFacts.push(
      `publishes container port ${internal}${protocol === "tcp" ? "" : `/${protocol}`} on ${where}${ip === "127.0.0.1" || ip === "::1" ? " only" : ip === "0.0.0.0" || ip === "::" ? ", every host address" : ""}`,
    );
  }
  if (resource.publish_all_ports === true) {
    ports.push("--publish-all");
    portFacts.push("publishes every exposed port on a port Docker picks");
  }
  facts.push(...(portFacts.length ? portFacts : mode === "host" ? [] : ["publishes no port"]));

  const mounts: (Word | string)[] = [];
  for (const volume of blocks(resource.volumes)) {
    const target = w.word(volume.container_path, "mount target");
    const ro = volume.read_only === true ? ":ro" : "";
    if (volume.volume_name !== undefined) {
      const source = w.word(volume.volume_name, "volume");
      mounts.push("--volume", concat(source, ":", target, ro));
      facts.push(`volume ${literalText(source) ?? ""} at ${literalText(target) ?? ""}${ro ? " read-only" : ""}`);
    } else if (volume.host_path !== undefined) {
      const source = w.path(volume.host_path, "host path");
      mounts.push("--volume", concat(source, ":", target, ro));
      const secret = (literalText(target) ?? "").startsWith("/run/secrets/");
      facts.push(`${secret ? "secret file" : "host path"} at ${literalText(target) ?? ""}${ro ? " read-only" : ""}`);
    } else if (volume.from_container !== undefined) {
      mounts.push("--volumes-from", w.word(volume.from_container, "container"));
    }
  }
  for (const mount of blocks(resource.mounts)) {
    const fields: Word[] = [concat("type=", w.word(mount.type, "mount type"))];
    if (mount.source !== undefined)
      fields.push(
        concat(
          "source=",
          mount.type === "bind" ? w.path(mount.source, "mount source") : w.word(mount.source, "mount source"),
        ),
      );
    fields.push(concat("target=", w.word(mount.target, "mount target")));
    if (mount.read_only === true) fields.push(lit("readonly"));
    for (const options of blocks(mount.tmpfs_options)) {
      if (options.size_bytes !== undefined) fields.push(lit(`tmpfs-size=${String(options.size_bytes)}`));
      if (options.mode !== undefined) fields.push(lit(`tmpfs-mode=${Number(options.mode).toString(8)}`));
    }
    for (const options of blocks(mount.bind_options))
      if (options.propagation !== undefined) fields.push(lit(`bind-propagation=${String(options.propagation)}`));
    for (const options of blocks(mount.volume_options)) if (options.no_copy === true) fields.push(lit("volume-nocopy"));
    mounts.push(
      "--mount",
      fields.flatMap((f, i) => (i === 0 ? f : concat(",", f))),
    );
  }

  const filesystem: (Word | string)[] = [];
  if (resource.read_only === true) filesystem.push("--read-only");
  for (const [path, options] of map(resource.tmpfs))
    filesystem.push(
      "--tmpfs",
      options === "" || options === undefined ? lit(path) : concat(`${path}:`, w.word(options, "tmpfs options")),
    );

  const env: (Word | string)[] = [];
  for (const entry of list(resource.env)) {
    const text = String(entry);
    const key = text.split("=", 1)[0];
    if (isSecretVariable(key)) {
      env.push("--env", lit(key));
      notes.push({ note: secretVariableNote(key, shown) });
    } else env.push("--env", concat(`${key}=`, w.word(text.slice(key.length + 1), `env ${key}`)));
  }

  const labels = labelPairs(resource.labels).flatMap(([key, value]) => [
    "--label",
    concat(w.word(key, "label"), "=", w.word(value, "label value")),
  ]);

  const identity: (Word | string)[] = [];
  if (resource.user !== undefined) identity.push("--user", w.word(resource.user, "user"));
  for (const group of list(resource.group_add)) identity.push("--group-add", w.word(group, "group"));
  if (resource.working_dir !== undefined) identity.push("--workdir", w.word(resource.working_dir, "working dir"));
  if (resource.hostname !== undefined) identity.push("--hostname", w.word(resource.hostname, "hostname"));
  if (resource.domainname !== undefined) identity.push("--domainname", w.word(resource.domainname, "domain name"));

  const security: (Word | string)[] = [];
  if (resource.privileged === true) security.push("--privileged");
  const capabilities = blocks(resource.capabilities)[0] ?? {};
  for (const cap of list(capabilities.add)) security.push("--cap-add", w.word(cap, "capability"));
  for (const cap of list(capabilities.drop)) security.push("--cap-drop", w.word(cap, "capability"));
  for (const opt of list(resource.security_opts)) security.push("--security-opt", w.word(opt, "security option"));
  for (const [flag, key] of [
    ["--ipc", "ipc_mode"],
    ["--pid", "pid_mode"],
    ["--userns", "userns_mode"],
    ["--cgroupns", "cgroupns_mode"],
    ["--runtime", "runtime"],
  ] as const) {
    if (resource[key] !== undefined) security.push(flag, w.word(resource[key], key));
  }

  const limits: (Word | string)[] = [];
  const mib = (value: unknown) => (Number(value) < 0 ? lit(String(value)) : lit(`${String(value)}m`));
  if (resource.memory !== undefined && Number(resource.memory) > 0) limits.push("--memory", mib(resource.memory));
  if (resource.memory_swap !== undefined && Number(resource.memory_swap) !== 0)
    limits.push("--memory-swap", mib(resource.memory_swap));
  if (resource.cpu_shares !== undefined) limits.push("--cpu-shares", w.word(resource.cpu_shares, "cpu shares"));
  if (resource.cpus !== undefined) limits.push("--cpus", w.word(resource.cpus, "cpus"));
  if (resource.cpu_set !== undefined) limits.push("--cpuset-cpus", w.word(resource.cpu_set, "cpu set"));
  if (resource.shm_size !== undefined) limits.push("--shm-size", mib(resource.shm_size));
  for (const u of blocks(resource.ulimit))
    limits.push("--ulimit", lit(`${String(u.name)}=${String(u.soft)}:${String(u.hard)}`));

  const lifecycle: (Word | string)[] = [];
  if (resource.restart !== undefined) {
    const retries =
      resource.restart === "on-failure" &&
      resource.max_retry_count !== undefined &&
      Number(resource.max_retry_count) > 0
        ? `:${String(resource.max_retry_count)}`
        : "";
    lifecycle.push("--restart", lit(`${String(resource.restart)}${retries}`));
  }
  if (resource.stop_signal !== undefined) lifecycle.push("--stop-signal", w.word(resource.stop_signal, "stop signal"));
  if (resource.stop_timeout !== undefined)
    lifecycle.push("--stop-timeout", w.word(resource.stop_timeout, "stop timeout"));
  if (resource.rm === true) lifecycle.push("--rm");
  if (resource.init === true) lifecycle.push("--init");
  if (resource.tty === true) lifecycle.push("--tty");
  if (resource.stdin_open === true) lifecycle.push("--interactive");

  const health = healthFlags(blocks(resource.healthcheck)[0], w);

  const other: (Word | string)[] = [];
  for (const dns of list(resource.dns)) other.push("--dns", w.word(dns, "DNS server"));
  for (const search of list(resource.dns_search)) other.push("--dns-search", w.word(search, "DNS search domain"));
  for (const opt of list(resource.dns_opts)) other.push("--dns-option", w.word(opt, "DNS option"));
  for (const host of blocks(resource.host))
    other.push("--add-host", concat(w.word(host.host, "host"), ":", w.word(host.ip, "host IP")));
  for (const device of blocks(resource.devices)) {
    other.push(
      "--device",
      concat(
        w.path(device.host_path, "device"),
        ":",
        w.word(device.container_path ?? device.host_path, "device"),
        device.permissions ? `:${String(device.permissions)}` : "",
      ),
    );
  }
  for (const [key, value] of map(resource.sysctls))
    other.push("--sysctl", concat(`${key}=`, w.word(value, `sysctl ${key}`)));
  if (resource.log_driver !== undefined) other.push("--log-driver", w.word(resource.log_driver, "log driver"));
  for (const [key, value] of map(resource.log_opts))
    other.push("--log-opt", concat(`${key}=`, w.word(value, `log option ${key}`)));
  for (const [key, value] of map(resource.storage_opts))
    other.push("--storage-opt", concat(`${key}=`, w.word(value, `storage option ${key}`)));
  if (resource.gpus !== undefined) other.push("--gpus", w.word(resource.gpus, "gpus"));

  const entrypoint = list(resource.entrypoint).map((a, i) => w.word(a, `entrypoint ${i + 1}`));
  if (entrypoint.length) other.push("--entrypoint", entrypoint[0]);
  const image = w.word(resource.image, "image");
  const args = [...entrypoint.slice(1), ...list(resource.command).map((a, i) => w.word(a, `command ${i + 1}`))];

  const more = attachments.slice(1);
  const runAttached = resource.attach === true;
  const start = resource.start !== false;
  const verb: string[] =
    more.length || !start ? ["docker", "create"] : runAttached ? ["docker", "run"] : ["docker", "run", "--detach"];
  if (health.summary) facts.push(health.summary);
  const how =
    verb[1] === "create"
      ? "creates, not started yet"
      : runAttached
        ? "runs in the foreground until it exits (a non-zero exit code stops here, as it fails the deploy)"
        : "runs detached";
  const steps: Step[] = [
    w.command(`${shown}: ${how}; ${facts.join("; ")}`, [
      [...verb, "--name", name],
      networkFlags,
      ports,
      mounts,
      filesystem,
      env,
      labels,
      identity,
      security,
      limits,
      lifecycle,
      health.flags,
      other,
      [image, ...args],
    ]),
  ];
  for (const block of more) {
    const extra = attach(block);
    const cw = new CommandWords(context);
    steps.push(
      cw.command(`${shown}: also joins ${extra.text}`, [
        ["docker", "network", "connect", ...extra.flags, cw.word(block.name, "network"), name],
      ]),
    );
  }
  if (more.length && start)
    steps.push(
      w.command(`${shown}: starts it, on all its networks from the first moment`, [
        ["docker", "start", ...(runAttached ? ["--attach"] : []), name],
      ]),
    );
  if (resource.wait === true && start) steps.push(waitHealthy(name, Number(resource.wait_timeout ?? 60), shown));
  return [...steps, ...notes];
}

/** A bounded wait until Docker reports the container healthy, as the deploy's `wait = true` does. */
function waitHealthy(name: Word, seconds: number, shown: string): Command {
  const text = literalText(name);
  const script = `until [ "$(docker inspect -f "{{.State.Health.Status}}" ${text === undefined ? "" : quote(text)})" = healthy ]; do sleep 1; done`;
  const comment = `${shown}: waits up to ${seconds} s until Docker reports it healthy, as the deploy does before what depends on it`;
  if (text === undefined)
    return { comment, lines: [], disabled: "the container's name is only known at apply", raw: script };
  return { comment, lines: [[lit("timeout"), lit(String(seconds)), lit("sh"), lit("-c"), lit(script)]] };
}
