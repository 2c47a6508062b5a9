import { References, type Resources } from "./references";

/** One resource of the synthesized stack, by its Terraform address. */
export interface Addressed {
  readonly address: string;
  readonly type: string;
  readonly resource: Record<string, unknown>;
}

/**
 * Where each kind of resource goes in the printed order: what a command names must exist
 * before it, so networks, volumes and images come first, then containers, then Swarm objects.
 */
export function phase(type: string, resource: Record<string, unknown>): number {
  if (type === "docker_network") return resource.driver === "overlay" ? 6 : 0;
  return (
    (
      {
        docker_volume: 1,
        docker_image: 2,
        docker_container: 3,
        docker_secret: 4,
        docker_config: 5,
        docker_service: 7,
      } as Record<string, number>
    )[type] ?? 8
  );
}

/**
 * The resources in the order a person must create them: by phase, and within it every
 * resource after what it refers to or names in `depends_on`; otherwise as synth lists them.
 */
export function creationOrder(resources: Resources): Addressed[] {
  const all: Addressed[] = [];
  for (const [type, byId] of Object.entries(resources)) {
    for (const [id, resource] of Object.entries(byId)) all.push({ address: `${type}.${id}`, type, resource });
  }
  const rank = new Map(all.map((r, i) => [r.address, [phase(r.type, r.resource), i] as const]));
  const before = (a: Addressed, b: Addressed) => {
    const [pa, ia] = rank.get(a.address)!;
    const [pb, ib] = rank.get(b.address)!;
    return pa - pb || ia - ib;
  };
  const needs = new Map<string, Set<string>>();
  for (const r of all) {
    const attributes = Object.fromEntries(Object.entries(r.resource).filter(([key]) => key !== "//"));
    const named = [
      ...References.referencesIn(attributes),
      ...(Array.isArray(r.resource.depends_on) ? r.resource.depends_on.map(String) : []),
    ];
    needs.set(r.address, new Set(named.filter((a) => a !== r.address && rank.has(a))));
  }
  const done = new Set<string>();
  const out: Addressed[] = [];
  while (out.length < all.length) {
    const ready = all
      .filter((r) => !done.has(r.address) && [...needs.get(r.address)!].every((a) => done.has(a)))
      .sort(before);
    // A cycle cannot deploy either; print the rest in phase order rather than loop.
    const next = ready[0] ?? all.filter((r) => !done.has(r.address)).sort(before)[0];
    done.add(next.address);
    out.push(next);
  }
  return out;
}
