// After a redeploy: which containers the change replaced or created, and when each one answers
// (running, and healthy when it has a healthcheck), the moment watch measures a change up to.
import type { ContainerInspect } from "../ps/rows";

/** Container name -> ID, of a stack's containers (Swarm tasks excluded). */
export type Snapshot = ReadonlyMap<string, string>;

export function snapshot(containers: readonly ContainerInspect[]): Snapshot {
  return new Map(
    containers
      .filter((c) => !c.Config.Labels?.["com.docker.swarm.service.id"])
      .map((c) => [c.Name.replace(/^\//, ""), c.Id]),
  );
}

/** The names whose container is new since `before` (replaced: another ID; or created), sorted. */
export function changedContainers(before: Snapshot, after: Snapshot): string[] {
  return [...after]
    .filter(([name, id]) => before.get(name) !== id)
    .map(([name]) => name)
    .sort();
}

export type Readiness = "answering" | "waiting" | "failed";

/** Whether a container answers: running and healthy, or running without a healthcheck. */
export function readiness(c: ContainerInspect | undefined): { state: Readiness; why: string } {
  if (!c) return { state: "failed", why: "it is gone" };
  const health = c.State.Health?.Status;
  if (c.State.Status === "running") {
    if (health === undefined || health === "none" || health === "healthy")
      return { state: "answering", why: health === "healthy" ? "healthy" : "running" };
    if (health === "unhealthy") return { state: "failed", why: "its healthcheck says unhealthy" };
    return { state: "waiting", why: "healthcheck starting" };
  }
  if (c.State.Status === "created" || c.State.Status === "restarting") return { state: "waiting", why: c.State.Status };
  return { state: "failed", why: `it is ${c.State.Status}` };
}

/** "1.23 s". */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
