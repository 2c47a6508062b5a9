// What `docker-iac logs` reads: the stack's containers and Swarm services by name, and a log
// stream of each from the Engine API, demultiplexed into stdout and stderr (docker-modem's
// demuxStream, as dockerode's users do) unless the container has a TTY (then it is one raw stream).
import type { Readable, Writable } from "stream";
import type Modem from "docker-modem";
import { listContainers, listServices } from "../ps/list";
import { CliError } from "../command";
import { engineAddress, engineFor, type StackTarget } from "../ps/stack-target";

export interface LogSource {
  readonly name: string;
  readonly kind: "container" | "service";
  readonly id: string;
  /** A TTY container's log is not multiplexed. */
  readonly tty: boolean;
}

/** The stack's containers and services on its engine, sorted by name. */
export async function logSources(target: StackTarget): Promise<LogSource[]> {
  const [containers, services] = await Promise.all([listContainers(target), listServices(target)]);
  return [
    ...containers
      .filter((c) => !c.Config.Labels?.["com.docker.swarm.service.id"])
      .map(
        (c): LogSource => ({
          name: c.Name.replace(/^\//, ""),
          kind: "container",
          id: c.Id,
          tty: c.Config.Tty === true,
        }),
      ),
    ...services.map((s): LogSource => ({ name: s.Spec.Name, kind: "service", id: s.ID, tty: false })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

export interface LogOptions {
  readonly follow: boolean;
  /** "all" or a number of lines. */
  readonly tail: string;
  readonly timestamps: boolean;
}

/** The Engine API path and query of a source's log (the same for services, with the service's ID). */
export function logRequest(
  source: LogSource,
  options: LogOptions,
): { path: string; query: Record<string, string | boolean> } {
  return {
    // docker-modem appends the query only to a path that ends in "?" (as dockerode's do).
    path: `/${source.kind === "container" ? "containers" : "services"}/${encodeURIComponent(source.id)}/logs?`,
    query: { stdout: true, stderr: true, follow: options.follow, tail: options.tail, timestamps: options.timestamps },
  };
}

/** Opens a source's log stream. */
export function openLog(target: StackTarget, source: LogSource, options: LogOptions): Promise<Readable> {
  const modem: Modem = engineFor(target);
  const { path, query } = logRequest(source, options);
  return new Promise((resolve, reject) => {
    modem.dial(
      {
        path,
        method: "GET",
        options: query,
        isStream: true,
        statusCodes: {
          200: true,
          404: "no such object",
          500: "server error",
          501: "not implemented",
          503: "unavailable",
        },
      },
      (err, stream) =>
        err
          ? reject(logError(target, source, err as Error & { json?: { message?: string } | null }))
          : resolve(stream as Readable),
    );
  });
}

/** Pipes one log stream into its two line writers; resolves when the stream ended and both flushed. */
export function pipeLog(
  modem: Modem,
  stream: Readable,
  source: LogSource,
  stdout: Writable,
  stderr: Writable,
): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      let open = 2;
      const one = () => (--open === 0 ? resolve() : undefined);
      stdout.end(one);
      stderr.end(one);
    };
    stream.once("end", finish);
    stream.once("close", () => (stdout.writableEnded ? undefined : finish()));
    stream.once("error", () => (stdout.writableEnded ? undefined : finish()));
    if (source.tty) stream.on("data", (chunk: Buffer) => stdout.write(chunk));
    else modem.demuxStream(stream, stdout, stderr);
  });
}

/** Why a log cannot be read, in one line with the fix (e.g. a log driver that does not keep logs). */
function logError(
  target: StackTarget,
  source: LogSource,
  err: Error & { json?: { message?: string } | null },
): CliError {
  const said = err.json?.message ?? err.message;
  const fix = /logging driver|does not support reading/i.test(said)
    ? `give it the json-file or local log driver, or read it where its driver sends it`
    : `check it with \`docker ${source.kind === "service" ? "service " : ""}logs ${source.name}\` on ${engineAddress(target)}`;
  return new CliError(`cannot read the log of ${source.kind} '${source.name}': ${said}. Fix: ${fix}`);
}
