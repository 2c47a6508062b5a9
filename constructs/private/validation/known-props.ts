import { ErrorCode } from "../../error-code";
import { CONTAINER_SCHEMA } from "./container-props";
import {
  CONTAINER_DEPENDENCY_SCHEMA,
  DEVICE_MAPPING_SCHEMA,
  LOGGING_OPTIONS_SCHEMA,
  NETWORK_ATTACHMENT_OPTIONS_SCHEMA,
  PORT_FORWARD_OPTIONS_SCHEMA,
  PUBLISHED_PORT_OPTIONS_SCHEMA,
  ULIMIT_SCHEMA,
  UPDATE_POLICY_SCHEMA,
} from "./option-schemas";
import { schemaKeys } from "./schema";
import { SWARM_SERVICE_SCHEMA } from "./swarm-props";
import { fail, type Where } from "./values";

/**
 * Refuses a key that is not a prop, as Terraform refuses an unsupported argument and
 * Compose an unknown key: a typo or a prop of the previous API would otherwise be
 * ignored without a word. TypeScript refuses such keys only in object literals; JavaScript,
 * JSON and casts reach here. A key with the value `undefined` is refused too, as
 * TypeScript's excess-property check does: the key is still wrong. Constructors check only
 * when they are not a subclass's (`new.target`): a subclass that passes its own, wider
 * props through to `super` owns the extra keys.
 */
export function checkKnownProps(
  where: Where,
  typeName: string,
  props: unknown,
  known: readonly string[],
  renamed: Readonly<Record<string, string>> = {},
): void {
  if (props === null || typeof props !== "object" || Array.isArray(props)) return; // the type checks report it
  for (const key of Object.keys(props)) {
    if (known.includes(key)) continue;
    throw fail(
      where,
      ErrorCode.UNKNOWN_PROP,
      `unknown prop '${key}' in ${typeName}`,
      suggestion(key, typeName, known, renamed),
    );
  }
}

/** Props this release renamed, by construct: the old name and what the new one is. */
export const RENAMED = {
  container: { name: "containerName (the Docker name; renamed from name)" },
  network: { name: "networkName (the Docker name; renamed from name)" },
  volume: { name: "volumeName (the Docker name; renamed from name)" },
  service: {
    name: "serviceName (the Docker name; renamed from name)",
    tmpfsMiB: "tmpfs (a list of paths; renamed from tmpfsMiB, the memory limit bounds the size)",
  },
  secret: { name: "secretNamePrefix (renamed from name)", baseName: "secretNamePrefix (renamed from baseName)" },
  config: { name: "configNamePrefix (renamed from name)", baseName: "configNamePrefix (renamed from baseName)" },
} as const;

/** Units this library writes into prop names (`interval` is `intervalSeconds`). */
const UNIT_SUFFIXES = ["Seconds", "MiB", "Microseconds"];

function suggestion(
  key: string,
  typeName: string,
  known: readonly string[],
  renamed: Readonly<Record<string, string>>,
): string {
  if (Object.prototype.hasOwnProperty.call(renamed, key)) return `use ${renamed[key]}`;
  const withUnit = known.find((k) => UNIT_SUFFIXES.some((unit) => k === key + unit));
  if (withUnit !== undefined) return `use ${withUnit} (the unit is in the name)`;
  const closest = closestKey(key, known);
  if (closest !== undefined) return `use ${closest}`;
  return known.length <= 12
    ? `remove it; ${typeName} has ${known.join(", ")}`
    : `remove it; the ${typeName} reference (docs/api) lists every prop`;
}

/** The known key nearest to a typo: Damerau-Levenshtein distance at most 2, ignoring case. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, key.length - 1);
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions):
 * insertions, deletions, substitutions and swaps of two neighbours cost 1 each. A dozen
 * lines for short prop names; fastest-levenshtein and friends count a swap as 2.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** ContainerProps and the option objects inside it (port forwards, dependencies, ulimits...). */
export function checkContainerPropKeys(scope: Where, props: unknown): void {
  checkKnownProps(scope, "ContainerProps", props, schemaKeys(CONTAINER_SCHEMA), RENAMED.container);
  if (props === null || typeof props !== "object") return;
  const p = props as Record<string, unknown>;
  const portForwardEntry = ["containerPort", ...schemaKeys(PORT_FORWARD_OPTIONS_SCHEMA)];
  eachEntry(p.portForwards, (entry, i) =>
    checkKnownProps(scope, `portForwards[${i}] (PortForwardOptions)`, entry, portForwardEntry),
  );
  checkKnownProps(
    scope,
    "networkOptions (NetworkAttachmentOptions)",
    p.networkOptions,
    schemaKeys(NETWORK_ATTACHMENT_OPTIONS_SCHEMA),
  );
  eachEntry(p.dependsOn, (entry, i) =>
    checkKnownProps(scope, `dependsOn[${i}] (ContainerDependency)`, entry, schemaKeys(CONTAINER_DEPENDENCY_SCHEMA)),
  );
  eachEntry(p.ulimits, (entry, i) =>
    checkKnownProps(scope, `ulimits[${i}] (Ulimit)`, entry, schemaKeys(ULIMIT_SCHEMA)),
  );
  eachEntry(p.devices, (entry, i) =>
    checkKnownProps(scope, `devices[${i}] (DeviceMapping)`, entry, schemaKeys(DEVICE_MAPPING_SCHEMA)),
  );
  checkKnownProps(scope, "logging (LoggingOptions)", p.logging, schemaKeys(LOGGING_OPTIONS_SCHEMA));
}

/** SwarmServiceProps and the option objects inside it (ports, update and rollback policies). */
export function checkServicePropKeys(scope: Where, props: unknown): void {
  checkKnownProps(scope, "SwarmServiceProps", props, schemaKeys(SWARM_SERVICE_SCHEMA), RENAMED.service);
  if (props === null || typeof props !== "object") return;
  const p = props as Record<string, unknown>;
  const publishedPortEntry = ["targetPort", ...schemaKeys(PUBLISHED_PORT_OPTIONS_SCHEMA)];
  eachEntry(p.ports, (entry, i) =>
    checkKnownProps(scope, `ports[${i}] (PublishedPortOptions)`, entry, publishedPortEntry),
  );
  checkKnownProps(scope, "updatePolicy (UpdatePolicy)", p.updatePolicy, schemaKeys(UPDATE_POLICY_SCHEMA));
  checkKnownProps(scope, "rollbackPolicy (UpdatePolicy)", p.rollbackPolicy, schemaKeys(UPDATE_POLICY_SCHEMA));
}

function eachEntry(list: unknown, check: (entry: unknown, index: number) => void): void {
  if (Array.isArray(list)) list.forEach(check);
}
