/** What the TODO API answers: the HTTP status and the JSON body. */
export interface ApiAnswer {
  readonly status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A JSON client for the TODO app behind its proxy at `base`. It retries briefly (40 tries,
 * 250 ms apart, 5 s each) while a replaced or restarted tier comes up (502/503 or no answer),
 * then fails with `diagnostics()` so the failure says what ran.
 */
export function todoClient(base: string, diagnostics: () => string) {
  return async function api(method: string, route: string, body?: unknown): Promise<ApiAnswer> {
    let last: unknown;
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        const response = await fetch(`${base}${route}`, {
          method,
          headers: body === undefined ? {} : { "Content-Type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(5000),
        });
        if (response.status !== 502 && response.status !== 503)
          return { status: response.status, json: await response.json() };
        last = new Error(`${method} ${route} answered ${response.status}`);
      } catch (err) {
        last = err;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no answer from ${method} ${route}: ${String(last)}\n${diagnostics()}`);
  };
}
