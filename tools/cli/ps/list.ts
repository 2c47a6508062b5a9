// Reads a stack's containers and Swarm services from its engine, by the stack label: one list
// call per kind, then one inspect per container (the list has no health), all in flight together.
import { type ContainerInspect, type PsRow, type ServiceListEntry, stackRows } from "./rows";
import { engineFor, getJson, labelFilter, type StackTarget } from "./stack-target";

export async function listContainers(target: StackTarget): Promise<ContainerInspect[]> {
  const modem = engineFor(target);
  const listed = await getJson<{ Id: string }[]>(modem, target, "/containers/json", {
    all: true,
    filters: labelFilter(target),
  });
  const inspected = await Promise.all(
    listed.map((c) =>
      getJson<ContainerInspect>(modem, target, `/containers/${c.Id}/json`).catch((err: { statusCode?: number }) => {
        // Removed between the list and the inspect: it is gone, as the list would say a moment later.
        if (err.statusCode === 404) return undefined;
        throw err;
      }),
    ),
  );
  return inspected.filter((c): c is ContainerInspect => c !== undefined);
}

export async function listServices(target: StackTarget): Promise<ServiceListEntry[]> {
  try {
    return await getJson<ServiceListEntry[]>(engineFor(target), target, "/services", {
      status: true,
      filters: labelFilter(target),
    });
  } catch (err) {
    // Not a swarm manager (503): the engine runs no services, so none of the stack's.
    if ((err as { statusCode?: number }).statusCode === 503) return [];
    throw err;
  }
}

/** The first tag of each image ID the containers name (`sha256:...`), one inspect per image. */
export async function imageTags(
  target: StackTarget,
  containers: readonly ContainerInspect[],
): Promise<Map<string, string>> {
  const ids = [...new Set(containers.map((c) => c.Config.Image).filter((i) => i.startsWith("sha256:")))];
  const tags = await Promise.all(
    ids.map((id) =>
      getJson<{ RepoTags?: string[] | null }>(engineFor(target), target, `/images/${id}/json`).then(
        (image) => image.RepoTags?.[0],
        () => undefined, // removed since: the short ID stays
      ),
    ),
  );
  return new Map(ids.flatMap((id, i) => (tags[i] ? [[id, tags[i]!] as [string, string]] : [])));
}

/** Every row of a stack, missing declared objects included. */
export async function psStack(target: StackTarget): Promise<PsRow[]> {
  const [containers, services] = await Promise.all([listContainers(target), listServices(target)]);
  return stackRows(target, containers, services, await imageTags(target, containers));
}
