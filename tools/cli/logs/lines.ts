// Log lines as `docker compose logs` prints them: each one after its container's name, the
// names padded to one width, each name in its own colour on a terminal only.
import { Writable } from "stream";

/** The colours compose cycles through (ANSI foreground codes), bright ones after the plain ones. */
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/** The prefix of each name: "name   | ", coloured when `colour`. */
export function prefixes(names: readonly string[], colour: boolean): Map<string, string> {
  const width = Math.max(0, ...names.map((n) => n.length));
  return new Map(
    names.map((name, i) => {
      const text = `${name.padEnd(width)} | `;
      return [name, colour ? `\u001b[${COLOURS[i % COLOURS.length]}m${text}\u001b[0m` : text];
    }),
  );
}

/**
 * A stream that writes each complete line it receives after a prefix; the last line, if the
 * stream ends without a newline, when it ends. One per container and stream (stdout, stderr),
 * so a line split over two chunks is never torn apart by another's line in between.
 */
export class PrefixedLines extends Writable {
  private pending = "";

  constructor(
    private readonly prefix: string,
    private readonly out: (text: string) => void,
  ) {
    super({ decodeStrings: true });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const text = this.pending + chunk.toString("utf8");
    const lines = text.split("\n");
    this.pending = lines.pop() ?? "";
    if (lines.length) this.out(lines.map((l) => `${this.prefix}${l.replace(/\r$/, "")}\n`).join(""));
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    if (this.pending) this.out(`${this.prefix}${this.pending}\n`);
    this.pending = "";
    done();
  }
}

/** --tail: a whole number of lines per container, or "all" (Docker's own default). */
export function parseTail(value: string | undefined): string {
  if (value === undefined || value === "all") return "all";
  if (!/^\d+$/.test(value)) return "";
  return String(Number(value));
}
