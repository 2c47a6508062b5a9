// A bounded request loop over loopback (or a test namespace), shared by the e2e suites and
// `npm run bench`: it paces GETs at a fixed rate against the clock (never waiting for
// answers, like real clients), stops at a signal or at its bounds, and counts failures.

/** What a bounded request loop saw. */
export interface LoadResult {
  readonly sent: number;
  readonly failed: number;
  /** The first few failures, for the report. */
  readonly failures: string[];
  /** Good replies per version and per task (when the reply names one). */
  readonly versions: Record<string, number>;
  readonly tasks: Record<string, number>;
  readonly seconds: number;
}

export interface LoadOptions {
  readonly perSecond: number;
  /** Bounds: the loop never sends more, or runs longer, than this. */
  readonly maxRequests: number;
  readonly maxSeconds: number;
}

/**
 * Sends GETs until `stop` settles or a bound is hit. A reply counts as good only with status
 * 200 and a version: a body line `version: ...` or a JSON body's `version` field. The task
 * that served it, if the reply names one (a `task: ...` line or an `X-Served-By` header), is
 * counted too.
 */
export async function requestLoop(url: string, options: LoadOptions, stop: Promise<unknown>): Promise<LoadResult> {
  let stopped = false;
  void stop.then(
    () => (stopped = true),
    () => (stopped = true),
  );
  const started = Date.now();
  const pending: Promise<void>[] = [];
  const failures: string[] = [];
  const versions: Record<string, number> = {};
  const tasks: Record<string, number> = {};
  let sent = 0;
  const one = async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const body = await response.text();
      const version = /^version: (.*)$/m.exec(body)?.[1] ?? jsonVersion(body);
      if (response.status !== 200 || !version) {
        failures.push(`${response.status} ${body.trim().slice(0, 80)}`);
        return;
      }
      versions[version] = (versions[version] ?? 0) + 1;
      const task = /^task: (.*)$/m.exec(body)?.[1] ?? response.headers.get("x-served-by");
      if (task) tasks[task] = (tasks[task] ?? 0) + 1;
    } catch (err) {
      failures.push(String(err).slice(0, 120));
    }
  };
  while (!stopped && sent < options.maxRequests && Date.now() - started < options.maxSeconds * 1000) {
    pending.push(one());
    sent++;
    // Paced against the clock, so timer drift does not lower the rate.
    const due = started + (sent * 1000) / options.perSecond;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  }
  await Promise.all(pending);
  return {
    sent,
    failed: failures.length,
    failures: failures.slice(0, 10),
    versions,
    tasks,
    seconds: (Date.now() - started) / 1000,
  };
}

/** The `version` field of a JSON object body, if it is one. */
function jsonVersion(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const version = (parsed as { version?: unknown } | null)?.version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}
