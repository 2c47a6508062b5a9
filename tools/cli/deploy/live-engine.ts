// Reads the engine objects a state names, all at once: one inspect per object, all in
// flight together over one client (no docker CLI process per object).
//
// The client is docker-modem, the transport dockerode is built on (same maintainers), not
// dockerode itself: dockerode also loads gRPC and protobuf for BuildKit sessions, about
// 0.1 s of CPU per deploy on this machine, against 0.04 s for the modem, and the fast path
// runs beside a synth and a terraform plan on 2 cores (docs/benchmark.md, D2).
import Modem from "docker-modem";
import { type LiveObject, type LiveObjects, type LiveRef, liveKey } from "./drift";

/** The Engine API's inspect endpoint of each kind (the paths dockerode's inspect() dials). */
function inspectPath(r: LiveRef): string {
  const id = encodeURIComponent(r.ref);
  return r.kind === "container"
    ? `/containers/${id}/json`
    : r.kind === "network"
      ? `/networks/${id}`
      : r.kind === "volume"
        ? `/volumes/${id}`
        : `/images/${id}/json`;
}

function inspect(modem: Modem, r: LiveRef): Promise<LiveObject | undefined> {
  return new Promise((resolve, reject) => {
    // 404: the object is gone (drift); any other status is an error the caller reports.
    modem.dial(
      { path: inspectPath(r), method: "GET", statusCodes: { 200: true, 404: "no such object" } },
      (err, data) => {
        if (err) {
          if ((err as { statusCode?: number }).statusCode === 404) resolve(undefined);
          else reject(err);
        } else resolve(data as LiveObject);
      },
    );
  });
}

/** Inspects every object; a missing one (404) maps to undefined, any other error throws. */
export async function readLive(refs: readonly LiveRef[], modem: Modem = new Modem()): Promise<LiveObjects> {
  const entries = await Promise.all(
    refs.map(async (r): Promise<[string, LiveObject | undefined]> => [liveKey(r), await inspect(modem, r)]),
  );
  return new Map(entries);
}
