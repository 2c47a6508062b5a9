import { blocks, CommandWords, type ExplainContext } from "./context";
import { type Command, concat, lit, literalText, type Word } from "./shell";

/** Top-level docker_image attributes shown here, or that only steer Terraform. */
export const IMAGE_KEYS = new Set([
  "//",
  "depends_on",
  "lifecycle",
  "name",
  "build",
  "keep_locally",
  "force_remove",
  "triggers",
  "pull_triggers",
]);

/** `docker build` (a build block) or `docker pull` for a docker_image, tagged with its name. */
export function imageCommand(address: string, resource: Record<string, unknown>, context: ExplainContext): Command {
  const w = new CommandWords(context);
  const name = w.word(resource.name, "image name");
  const build = blocks(resource.build)[0];
  if (!build) {
    const pinned = (literalText(name) ?? "").includes("@sha256:");
    return w.command(
      `pulls ${literalText(name) ?? "the image"}${pinned ? ", pinned by digest: the same bytes on every machine" : ""}`,
      [["docker", "pull", name]],
    );
  }
  const folder = context.buildContext(address, String(build.context));
  const args: (Word | string)[] = [];
  for (const [key, value] of Object.entries((build.build_args as Record<string, unknown> | undefined) ?? {}))
    args.push("--build-arg", concat(`${key}=`, w.word(value, `build arg ${key}`)));
  const labels: (Word | string)[] = [];
  for (const [key, value] of Object.entries((build.label as Record<string, unknown> | undefined) ?? {}))
    labels.push("--label", concat(`${key}=`, w.word(value, `label ${key}`)));
  const options: (Word | string)[] = [];
  const dockerfile = build.dockerfile === undefined ? "Dockerfile" : String(build.dockerfile);
  // `--file` is read from the current folder, not from the context.
  if (dockerfile !== "Dockerfile") options.push("--file", lit(`${folder}/${dockerfile}`));
  if (build.target !== undefined) options.push("--target", w.word(build.target, "target"));
  if (build.platform !== undefined) options.push("--platform", w.word(build.platform, "platform"));
  if (build.network_mode !== undefined) options.push("--network", w.word(build.network_mode, "build network"));
  if (build.no_cache === true) options.push("--no-cache");
  if (build.pull_parent === true) options.push("--pull");
  for (const tag of Array.isArray(build.tag) ? build.tag : []) options.push("--tag", w.word(tag, "extra tag"));
  const shown = literalText(name) ?? "the image";
  return w.command(`builds ${shown} from ${folder}; the tag is the hash of the context (same code, same tag)`, [
    ["docker", "build"],
    args,
    labels,
    options,
    ["--tag", name, lit(folder)],
  ]);
}

/** Build attributes with a flag above; anything else under `build` is reported as not shown. */
export const BUILD_KEYS = new Set([
  "context",
  "dockerfile",
  "build_args",
  "label",
  "target",
  "platform",
  "network_mode",
  "no_cache",
  "pull_parent",
  "tag",
  "remove",
  "force_remove",
]);
