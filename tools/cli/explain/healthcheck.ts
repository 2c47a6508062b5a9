import type { CommandWords } from "./context";
import { concat, lit, literalText, quote, type Word } from "./shell";

/**
 * The `--health-*` flags of a healthcheck block (containers and services alike). The docker
 * CLI takes the test as one shell command, so the exec form (`CMD a b`) is printed as the
 * same words joined for the image's shell; `NONE` turns the image's check off.
 */
export function healthFlags(
  check: Record<string, unknown> | undefined,
  w: CommandWords,
): { flags: (Word | string)[]; summary?: string } {
  if (!check) return { flags: [] };
  const test = Array.isArray(check.test) ? check.test : [];
  const form = String(test[0] ?? "");
  if (form === "NONE") return { flags: ["--no-healthcheck"], summary: "the image's healthcheck turned off" };
  const args = test.slice(1).map((a, i) => w.word(a, `healthcheck argument ${i + 1}`));
  let cmd: Word;
  if (form === "CMD-SHELL") cmd = args[0] ?? lit("");
  else {
    const texts = args.map(literalText);
    cmd = texts.every((t): t is string => t !== undefined)
      ? lit(texts.map(quote).join(" "))
      : w.word(undefined, "healthcheck test");
  }
  const flags: (Word | string)[] = ["--health-cmd", cmd];
  for (const [key, flag] of [
    ["interval", "--health-interval"],
    ["timeout", "--health-timeout"],
    ["start_period", "--health-start-period"],
    ["start_interval", "--health-start-interval"],
    ["retries", "--health-retries"],
  ] as const) {
    if (check[key] !== undefined) flags.push(flag, concat(w.word(check[key], `healthcheck ${key}`)));
  }
  return {
    flags,
    summary: `healthy when its check passes${check.interval ? ` (every ${String(check.interval)})` : ""}`,
  };
}
