// Objects a killed deploy left behind: they carry the stack's label, but the Terraform state
// never recorded them (the local backend writes the state after each resource completes, so an
// apply killed while it creates a container leaves that container unrecorded). Left there, every
// later deploy fails: "The container name ... is already in use", or, when the orphan runs the
// image Terraform replaces, "Unable to remove Docker image ... container ... is using its
// referenced image".
//
// Pure functions: what to do with each orphan. Listing the engine, importing and removing are in
// orphan-repair.ts. What the provider (kreuzwerker/docker 3.6.2 and 4.x) allows:
// - docker_container, docker_network and docker_volume import by ID (`terraform import <address>
//   <id>`; a volume's ID is its name). An imported volume or network plans no change; an imported
//   container is always replaced by the next apply (the provider does not read env, labels,
//   networks or mounts back on import), which keeps a running one serving until then.
// - docker_image has no importer, and its images carry no stack label: an unrecorded image is
//   built again (same content, same tag); the conflict it causes comes from the orphaned container
//   that runs it, which is removed.
import type { TerraformState } from "./drift";

/** The label every object a DockerStack creates carries (constructs/docker-stack.ts STACK_LABEL). */
export const STACK_LABEL = "io.docker-iac.stack";

/** A labelled object on the engine, as the engine's list endpoints describe it. */
export interface EngineObject {
  readonly kind: "container" | "network" | "volume";
  /** The full ID (a volume's ID is its name). */
  readonly id: string;
  readonly name: string;
  /** A container's image ID (sha256:...). */
  readonly image?: string;
  /** A container's state: running, exited, created... */
  readonly state?: string;
}

/** The parts of a synthesized cdk.tf.json read here. */
export interface OrphanConfig {
  readonly resource?: Record<
    string,
    Record<
      string,
      {
        readonly name?: string;
        readonly image?: string;
        readonly must_run?: boolean;
        readonly restart?: string;
        readonly labels?: readonly { label: string; value: string }[];
        readonly [attribute: string]: unknown;
      }
    >
  >;
}

/** What to do with one orphan. */
export type OrphanAction =
  | { readonly action: "import"; readonly object: EngineObject; readonly address: string; readonly why: string }
  | { readonly action: "remove"; readonly object: EngineObject; readonly address: string; readonly why: string }
  | {
      readonly action: "leave";
      readonly object: EngineObject;
      readonly address?: string;
      readonly why: string;
      readonly fix: string;
    };

const RESOURCE_TYPE = { container: "docker_container", network: "docker_network", volume: "docker_volume" } as const;

/** The stack label's value in a synthesized stack (its name prefix), or undefined when nothing is labelled. */
export function stackLabelValue(config: OrphanConfig): string | undefined {
  for (const type of Object.values(RESOURCE_TYPE)) {
    for (const body of Object.values(config.resource?.[type] ?? {})) {
      const label = body.labels?.find((l) => l.label === STACK_LABEL);
      if (label && !label.value.includes("${")) return label.value;
    }
  }
  return undefined;
}

/** The engine objects the state records: container and network IDs, volume names. */
function recorded(state: TerraformState | undefined): { ids: Set<string>; addresses: Set<string> } {
  const ids = new Set<string>();
  const addresses = new Set<string>();
  for (const r of state?.resources ?? []) {
    if (r.mode !== "managed") continue;
    for (const i of r.instances) {
      const a = i.attributes ?? {};
      if (i.deposed === undefined) addresses.add(`${r.module ? `${r.module}.` : ""}${r.type}.${r.name}`);
      for (const key of ["id", "name"]) if (typeof a[key] === "string") ids.add(`${r.type}:${a[key] as string}`);
    }
  }
  return { ids, addresses };
}

/** The labelled objects the state does not record. */
export function findOrphans(state: TerraformState | undefined, objects: readonly EngineObject[]): EngineObject[] {
  const { ids } = recorded(state);
  return objects.filter((o) => !ids.has(`${RESOURCE_TYPE[o.kind]}:${o.id}`));
}

/**
 * The image ID a declared container should run, when it can be known before the apply: its
 * `image` is a docker_image's image_id (or a literal reference), and `imageIds` has the ID the
 * engine gives that image's name. undefined: the name is not on the engine; null: cannot tell.
 */
function wantedImage(
  config: OrphanConfig,
  image: string | undefined,
  imageIds: ReadonlyMap<string, string | undefined>,
): string | undefined | null {
  if (!image) return null;
  const ref = /^\$\{docker_image\.([\w-]+)\.(image_id|name)\}$/.exec(image);
  const name = ref ? config.resource?.docker_image?.[ref[1]]?.name : image.includes("${") ? undefined : image;
  if (!name || name.includes("${") || !imageIds.has(name)) return null;
  return imageIds.get(name);
}

/** The image names whose IDs classify() needs (look each up on the engine: undefined when absent). */
export function imagesToResolve(config: OrphanConfig): string[] {
  const names = new Set<string>();
  for (const body of Object.values(config.resource?.docker_container ?? {})) {
    const ref = /^\$\{docker_image\.([\w-]+)\.(?:image_id|name)\}$/.exec(body.image ?? "");
    const name = ref ? config.resource?.docker_image?.[ref[1]]?.name : body.image;
    if (name && !name.includes("${")) names.add(name);
  }
  return [...names].sort();
}

/**
 * What to do with each orphan: a declared one is taken over (imported into the state at the
 * address that declares it), except a disposable container (a one-shot, or one that runs an
 * image other than the configuration's: a replacement the killed apply had begun), which is
 * removed for the apply to create anew. A volume is never removed. An object the configuration
 * does not declare is left alone, with how to remove it.
 */
export function classify(
  config: OrphanConfig,
  state: TerraformState | undefined,
  orphans: readonly EngineObject[],
  imageIds: ReadonlyMap<string, string | undefined>,
): OrphanAction[] {
  const taken = recorded(state).addresses;
  const actions: OrphanAction[] = [];
  for (const object of orphans) {
    const type = RESOURCE_TYPE[object.kind];
    const declared = Object.entries(config.resource?.[type] ?? {}).find(([, body]) => body.name === object.name);
    if (!declared) {
      actions.push({
        action: "leave",
        object,
        why: "the configuration declares no " + object.kind + " of that name (a renamed or removed one?)",
        fix:
          object.kind === "volume"
            ? `\`docker volume rm ${object.name}\` if its data is no longer needed`
            : object.kind === "network"
              ? `\`docker network rm ${object.name}\` if nothing needs it`
              : `\`docker rm -f ${object.name}\` if nothing needs it`,
      });
      continue;
    }
    const [key, body] = declared;
    const address = `${type}.${key}`;
    if (object.kind === "container") {
      const image = wantedImage(config, body.image, imageIds);
      if (body.must_run === false || body.restart === "no") {
        actions.push({
          action: "remove",
          object,
          address,
          why: "a one-shot container: the apply creates and runs it again",
        });
        continue;
      }
      if (image !== null && image !== object.image) {
        actions.push({
          action: "remove",
          object,
          address,
          why: `it runs image ${short(object.image)}, not the configuration's ${image ? short(image) : "(not built yet)"}: a replacement the apply makes anew`,
        });
        continue;
      }
      if (taken.has(address)) {
        actions.push({
          action: "remove",
          object,
          address,
          why: "the state records another container at that address (the one a start-first upgrade was replacing, or one gone from the engine): the apply creates it anew",
        });
        continue;
      }
    } else if (taken.has(address)) {
      // Network names need not be unique, and a volume's data is never removed.
      actions.push({
        action: "leave",
        object,
        address,
        why: "the state records another object at that address",
        fix:
          object.kind === "volume"
            ? `move its data, then \`docker volume rm ${object.name}\``
            : `\`docker network rm ${object.id}\` if nothing is attached to it`,
      });
      continue;
    }
    if (actions.some((a) => a.action === "import" && a.address === address)) {
      actions.push({
        action: "leave",
        object,
        address,
        why: "another object of that name is imported at that address",
        fix: `\`docker ${object.kind === "container" ? "rm -f" : `${object.kind} rm`} ${object.id}\``,
      });
      continue;
    }
    const after =
      object.kind === "container"
        ? " (the apply replaces it: the provider does not read a container's settings back on import)"
        : "";
    actions.push({ action: "import", object, address, why: `declared at that address${after}` });
  }
  return actions;
}

/** The one line said for an orphan: what was found, and what was (or would be) done. */
export function orphanLine(command: string, stack: string, a: OrphanAction, done: "done" | "planned" = "done"): string {
  const what = `${a.object.kind} ${a.object.name} (${short(a.object.id)}) carries the stack's label but is not in the Terraform state (left by a deploy that was killed?)`;
  const verb =
    a.action === "import"
      ? done === "done"
        ? "imported as"
        : "would import as"
      : a.action === "remove"
        ? done === "done"
          ? "removed"
          : "would remove"
        : "left alone";
  const head = `[${command}] ${stack}: ${what}: ${verb}`;
  if (a.action === "import") return `${head} ${a.address}, ${a.why}`;
  if (a.action === "remove") return `${head} (${a.address}: ${a.why})`;
  return `${head}: ${a.why}. Fix: ${a.fix}`;
}

const short = (id: string | undefined) =>
  String(id ?? "?")
    .replace(/^sha256:/, "")
    .slice(0, 12);
