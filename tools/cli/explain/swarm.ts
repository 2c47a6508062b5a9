import { blocks, CommandWords, type ExplainContext, labelPairs } from "./context";
import { healthFlags } from "./healthcheck";
import { isSecretVariable, secretVariableNote } from "./secrets";
import { type Command, concat, lit, literalText, type Note, renderWord, type Step, type Word } from "./shell";

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const entries = (value: unknown): [string, unknown][] =>
  Object.entries((value as Record<string, unknown> | undefined) ?? {});
const labelFlags = (flag: string, value: unknown, w: CommandWords): (Word | string)[] =>
  labelPairs(value).flatMap(([key, v]) => [flag, concat(w.word(key, "label"), "=", w.word(v, "label value"))]);

export const SECRET_KEYS = new Set(["//", "depends_on", "lifecycle", "name", "data", "labels"]);
export const CONFIG_KEYS = SECRET_KEYS;

/**
 * `docker secret create` from the file the secret is read from. A secret whose value is
 * written in the configuration itself is not printed at all: only what to run, with a file.
 */
export function secretCommand(resource: Record<string, unknown>, context: ExplainContext): Step {
  const w = new CommandWords(context);
  const name = w.word(resource.name, "secret name");
  const file = context.refs.fileOf(resource.data);
  if (!file) {
    return {
      note: `the Swarm secret ${renderWord(name)} has its value in the configuration; explain never prints a secret. By hand: docker secret create ${renderWord(name)} <a file that holds it>`,
    };
  }
  return w.command(`a Swarm secret read from ${renderWord(file)}: the command names the file, never the value`, [
    ["docker", "secret", "create"],
    labelFlags("--label", resource.labels, w),
    [name, file],
  ]);
}

/** `docker config create`: from its file, or from the (not secret) base64 text in the configuration. */
export function configCommand(resource: Record<string, unknown>, context: ExplainContext): Command {
  const w = new CommandWords(context);
  const name = w.word(resource.name, "config name");
  const labels = labelFlags("--label", resource.labels, w);
  const file = context.refs.fileOf(resource.data);
  if (file)
    return w.command(`a Swarm config read from ${renderWord(file)}`, [
      ["docker", "config", "create"],
      labels,
      [name, file],
    ]);
  const data = w.word(resource.data, "config data");
  const body = w.command("", [["docker", "config", "create"], labels, [name, lit("-")]]);
  const text = body.lines.map((group) => group.map(renderWord).join(" ")).join(" ");
  return {
    ...body,
    comment: `a Swarm config (a file its tasks read); its content is in the configuration, base64`,
    raw: `printf '%s' ${renderWord(data)} | base64 -d | ${text}`,
  };
}

export const SERVICE_KEYS = new Set([
  "//",
  "depends_on",
  "lifecycle",
  "name",
  "labels",
  "mode",
  "endpoint_spec",
  "task_spec",
  "update_config",
  "rollback_config",
  "converge_config",
]);
const TASK_KEYS = new Set([
  "container_spec",
  "networks_advanced",
  "resources",
  "restart_policy",
  "placement",
  "log_driver",
  "force_update",
  "runtime",
]);
const CONTAINER_SPEC_KEYS = new Set([
  "image",
  "command",
  "args",
  "hostname",
  "env",
  "dir",
  "user",
  "groups",
  "read_only",
  "cap_add",
  "cap_drop",
  "mounts",
  "secrets",
  "configs",
  "healthcheck",
  "stop_grace_period",
  "stop_signal",
  "labels",
  "init",
  "sysctl",
  "isolation",
  "hosts",
  "dns_config",
]);

/** Keys of a service's task and container spec that no flag here shows. */
export function unshownServiceKeys(resource: Record<string, unknown>): string[] {
  const task = blocks(resource.task_spec)[0] ?? {};
  const spec = blocks(task.container_spec)[0] ?? {};
  return [
    ...Object.keys(task)
      .filter((k) => !TASK_KEYS.has(k))
      .map((k) => `task_spec.${k}`),
    ...Object.keys(spec)
      .filter((k) => !CONTAINER_SPEC_KEYS.has(k))
      .map((k) => `task_spec.container_spec.${k}`),
  ];
}

/** `docker service create` with every flag the docker_service sets. */
export function serviceCommand(resource: Record<string, unknown>, context: ExplainContext): Step[] {
  const w = new CommandWords(context);
  const notes: Note[] = [];
  const name = w.word(resource.name, "service name");
  const shown = literalText(name) ?? "the service";
  const task = blocks(resource.task_spec)[0] ?? {};
  const spec = blocks(task.container_spec)[0] ?? {};
  const facts: string[] = [];

  const mode = blocks(resource.mode)[0] ?? {};
  const scheduling: (Word | string)[] = [];
  if (mode.global === true) {
    scheduling.push("--mode", "global");
    facts.push("one task on every node");
  } else {
    const replicas = blocks(mode.replicated)[0]?.replicas ?? 1;
    scheduling.push("--replicas", lit(String(replicas)));
    facts.push(`${String(replicas)} task${replicas === 1 ? "" : "s"}`);
  }
  const placement = blocks(task.placement)[0] ?? {};
  for (const constraint of list(placement.constraints))
    scheduling.push("--constraint", w.word(constraint, "constraint"));
  for (const pref of blocks(placement.prefs))
    scheduling.push("--placement-pref", concat("spread=", w.word(pref.spread, "placement preference")));
  if (placement.max_replicas !== undefined)
    scheduling.push("--replicas-max-per-node", lit(String(placement.max_replicas)));

  const endpoint = blocks(resource.endpoint_spec)[0] ?? {};
  const network: (Word | string)[] = [];
  if (endpoint.mode !== undefined) network.push("--endpoint-mode", w.word(endpoint.mode, "endpoint mode"));
  for (const port of blocks(endpoint.ports)) {
    const published = port.published_port === undefined ? undefined : Number(port.published_port) + context.portOffset;
    const fields = [
      `target=${String(port.target_port)}`,
      published === undefined ? "" : `published=${published}`,
      `protocol=${String(port.protocol ?? "tcp")}`,
      port.publish_mode ? `mode=${String(port.publish_mode)}` : "",
    ];
    network.push("--publish", lit(fields.filter(Boolean).join(",")));
    facts.push(
      `publishes port ${String(port.target_port)} on port ${published ?? "(Docker picks)"} of ${port.publish_mode === "host" ? "the node that runs the task" : "every node"}`,
    );
  }
  for (const attachment of blocks(task.networks_advanced)) {
    const fields = [concat("name=", w.word(attachment.name, "network"))];
    for (const alias of list(attachment.aliases)) fields.push(concat("alias=", w.word(alias, "network alias")));
    network.push(
      "--network",
      fields.flatMap((f, i) => (i === 0 ? f : concat(",", f))),
    );
  }

  const files: (Word | string)[] = [];
  for (const secret of blocks(spec.secrets)) files.push("--secret", fileFields(secret.secret_name, secret, w));
  for (const config of blocks(spec.configs)) files.push("--config", fileFields(config.config_name, config, w));
  for (const mount of blocks(spec.mounts)) {
    const fields: Word[] = [concat("type=", w.word(mount.type, "mount type"))];
    if (mount.source !== undefined) fields.push(concat("source=", w.word(mount.source, "mount source")));
    fields.push(concat("target=", w.word(mount.target, "mount target")));
    if (mount.read_only === true) fields.push(lit("readonly"));
    for (const options of blocks(mount.tmpfs_options)) {
      if (options.size_bytes !== undefined) fields.push(lit(`tmpfs-size=${String(options.size_bytes)}`));
      if (options.mode !== undefined) fields.push(lit(`tmpfs-mode=${Number(options.mode).toString(8)}`));
    }
    files.push(
      "--mount",
      fields.flatMap((f, i) => (i === 0 ? f : concat(",", f))),
    );
  }
  if (spec.read_only === true) files.push("--read-only");

  const env: (Word | string)[] = [];
  for (const [key, value] of entries(spec.env)) {
    if (isSecretVariable(key)) {
      env.push("--env", lit(key));
      notes.push({ note: secretVariableNote(key, shown) });
    } else env.push("--env", concat(`${key}=`, w.word(value, `env ${key}`)));
  }

  const labels = [...labelFlags("--label", resource.labels, w), ...labelFlags("--container-label", spec.labels, w)];
  const identity: (Word | string)[] = [];
  if (spec.user !== undefined) identity.push("--user", w.word(spec.user, "user"));
  for (const group of list(spec.groups)) identity.push("--group", w.word(group, "group"));
  if (spec.dir !== undefined) identity.push("--workdir", w.word(spec.dir, "working dir"));
  if (spec.hostname !== undefined) identity.push("--hostname", w.word(spec.hostname, "hostname"));
  for (const cap of list(spec.cap_add)) identity.push("--cap-add", w.word(cap, "capability"));
  for (const cap of list(spec.cap_drop)) identity.push("--cap-drop", w.word(cap, "capability"));
  if (spec.init === true) identity.push("--init");
  for (const sysctl of blocks(spec.sysctl))
    for (const [key, value] of entries(sysctl))
      identity.push("--sysctl", concat(`${key}=`, w.word(value, `sysctl ${key}`)));
  for (const host of list(spec.hosts)) {
    const h = host as Record<string, unknown>;
    identity.push("--host", concat(w.word(h.host, "host"), ":", w.word(h.ip, "host IP")));
  }

  const resources = blocks(task.resources)[0] ?? {};
  const limits: (Word | string)[] = [];
  for (const [block, prefix] of [
    [blocks(resources.limits)[0], "--limit"],
    [blocks(resources.reservation)[0], "--reserve"],
  ] as const) {
    if (!block) continue;
    if (block.memory_bytes !== undefined) limits.push(`${prefix}-memory`, lit(String(block.memory_bytes)));
    if (block.nano_cpus !== undefined) limits.push(`${prefix}-cpu`, lit(String(Number(block.nano_cpus) / 1e9)));
  }
  const restart = blocks(task.restart_policy)[0] ?? {};
  for (const [key, flag] of [
    ["condition", "--restart-condition"],
    ["delay", "--restart-delay"],
    ["max_attempts", "--restart-max-attempts"],
    ["window", "--restart-window"],
  ] as const) {
    if (restart[key] !== undefined) limits.push(flag, lit(String(restart[key])));
  }
  if (spec.stop_grace_period !== undefined)
    limits.push("--stop-grace-period", w.word(spec.stop_grace_period, "stop grace period"));
  if (spec.stop_signal !== undefined) limits.push("--stop-signal", w.word(spec.stop_signal, "stop signal"));

  const rollout: (Word | string)[] = [];
  for (const [key, prefix] of [
    ["update_config", "--update"],
    ["rollback_config", "--rollback"],
  ] as const) {
    const policy = blocks(resource[key])[0];
    if (!policy) continue;
    for (const [field, flag] of [
      ["parallelism", "parallelism"],
      ["delay", "delay"],
      ["failure_action", "failure-action"],
      ["monitor", "monitor"],
      ["max_failure_ratio", "max-failure-ratio"],
      ["order", "order"],
    ] as const) {
      if (policy[field] !== undefined) rollout.push(`${prefix}-${flag}`, lit(String(policy[field])));
    }
  }
  const log = blocks(task.log_driver)[0];
  if (log) {
    rollout.push("--log-driver", w.word(log.name, "log driver"));
    for (const [key, value] of entries(log.options))
      rollout.push("--log-opt", concat(`${key}=`, w.word(value, `log option ${key}`)));
  }

  const health = healthFlags(blocks(spec.healthcheck)[0], w);
  if (health.summary) facts.push(health.summary);
  const command = list(spec.command).map((a, i) => w.word(a, `command ${i + 1}`));
  const entrypoint: (Word | string)[] = command.length
    ? ["--entrypoint", lit(command.map((c) => literalText(c) ?? "").join(" "))]
    : [];
  const args = list(spec.args).map((a, i) => w.word(a, `argument ${i + 1}`));
  // The CLI waits until the tasks run (--detach=false), as the deploy waits for convergence.
  const converge = resource.converge_config !== undefined ? ["--detach=false"] : ["--detach"];
  const steps: Step[] = [
    w.command(`${shown}: a Swarm service, ${facts.join("; ")}`, [
      ["docker", "service", "create", ...converge, "--name", name],
      scheduling,
      network,
      files,
      env,
      labels,
      identity,
      limits,
      rollout,
      health.flags,
      entrypoint,
      [w.word(spec.image, "image"), ...args],
    ]),
  ];
  return [...steps, ...notes];
}

/** `source=<name>,target=<path>,uid=,gid=,mode=0400` for --secret and --config. */
function fileFields(source: unknown, block: Record<string, unknown>, w: CommandWords): Word {
  const fields: Word[] = [concat("source=", w.word(source, "source"))];
  if (block.file_name !== undefined) fields.push(concat("target=", w.word(block.file_name, "target file")));
  if (block.file_uid !== undefined) fields.push(lit(`uid=${String(block.file_uid)}`));
  if (block.file_gid !== undefined) fields.push(lit(`gid=${String(block.file_gid)}`));
  if (block.file_mode !== undefined) fields.push(lit(`mode=0${Number(block.file_mode).toString(8)}`));
  return fields.flatMap((f, i) => (i === 0 ? f : concat(",", f)));
}
