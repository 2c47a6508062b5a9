// Reads the engine objects a state names, all at once: one inspect per object, all in
// flight together over dockerode's socket (no docker CLI process per object).
import Docker from "dockerode";
import { LiveObject, LiveObjects, LiveRef, liveKey } from "./drift";

/** Inspects every object; a missing one (404) maps to undefined, any other error throws. */
export async function readLive(refs: readonly LiveRef[], docker: Docker = new Docker()): Promise<LiveObjects> {
  const entries = await Promise.all(
    refs.map(async (r): Promise<[string, LiveObject | undefined]> => {
      try {
        const handle =
          r.kind === "container" ? docker.getContainer(r.ref)
          : r.kind === "network" ? docker.getNetwork(r.ref)
          : r.kind === "volume" ? docker.getVolume(r.ref)
          : docker.getImage(r.ref);
        return [liveKey(r), (await handle.inspect()) as LiveObject];
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return [liveKey(r), undefined];
        throw err;
      }
    }),
  );
  return new Map(entries);
}
