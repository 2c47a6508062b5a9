import { type References, Unresolvable } from "./references";
import { command, type Command, lit, type Word } from "./shell";

/** What every resource renderer gets: the references of its stack and the explain options. */
export interface ExplainContext {
  readonly refs: References;
  /** Added to every published host port (`--port-offset`). */
  readonly portOffset: number;
  /** The folder `docker build` takes for an image resource (`docker_image.<id>`), as printed. */
  readonly buildContext: (address: string, synthesized: string) => string;
}

/**
 * Words for one command. A value explain cannot resolve becomes a `<placeholder>` and the
 * reason is kept: such a command is printed commented out, never as something that would run
 * with a wrong value.
 */
export class CommandWords {
  private readonly problems: string[] = [];

  constructor(private readonly context: ExplainContext) {}

  public word(value: unknown, what: string): Word {
    return this.guard(() => this.context.refs.word(value), what);
  }

  public path(value: unknown, what: string): Word {
    return this.guard(() => this.context.refs.path(value), what);
  }

  public command(comment: string, lines: (Word | string)[][]): Command {
    return command(comment, lines, this.problems.length ? [...new Set(this.problems)].join("; ") : undefined);
  }

  private guard(resolve: () => Word, what: string): Word {
    try {
      return resolve();
    } catch (err) {
      if (!(err instanceof Unresolvable)) throw err;
      this.problems.push(`${what}: ${err.message}`);
      return lit(`<${what}>`);
    }
  }
}

/** A `type.id` address's resources as a list of objects (a block may be an object or a list). */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter(
    (v): v is Record<string, unknown> => typeof v === "object" && v !== null,
  );
}

/** `labels` blocks (`[{label, value}]`) as `key=value` pairs. */
export function labelPairs(value: unknown): [unknown, unknown][] {
  return blocks(value).map((b) => [b.label, b.value]);
}
