import { CommandWords, type ExplainContext, labelPairs } from "./context";
import { type Command, concat } from "./shell";

/** `docker volume create` for a docker_volume. */
export function volumeCreate(resource: Record<string, unknown>, context: ExplainContext): Command {
  const w = new CommandWords(context);
  const driver = String(resource.driver ?? "local");
  const options = Object.entries((resource.driver_opts as Record<string, unknown> | undefined) ?? {}).map(
    ([key, value]) => ["--opt", concat(`${key}=`, w.word(value, `driver option ${key}`))],
  );
  const labels = labelPairs(resource.labels).map(([key, value]) => [
    "--label",
    concat(w.word(key, "label"), "=", w.word(value, "label value")),
  ]);
  return w.command(`a named volume (driver ${driver}): its data outlives every container that mounts it`, [
    ["docker", "volume", "create", "--driver", driver],
    options.flat(),
    labels.flat(),
    [w.word(resource.name, "volume name")],
  ]);
}
