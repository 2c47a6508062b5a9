/**
 * Compose's `!reset` and `!override` YAML tags (compose-spec merge.md, compose-go's
 * ResetProcessor): in a file merged over another (`-f a -f b`, or a service over the one it
 * `extends`), `key: !reset ...` removes the key from what came before, and
 * `key: !override value` replaces it whole instead of merging. Each file's tagged keys are
 * recorded as paths and taken out of the base before the file merges over it.
 */
import { Document, isMap, isScalar, isSeq, Node, parse, Scalar } from "yaml";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** A key path in a compose document, e.g. ["services", "web", "environment"]. */
export type KeyPath = string[];

/**
 * Removes the `!reset` keys of a parsed file and clears the `!override` tags, returning both
 * paths. Keys under an anchor are recorded where the anchor is (an alias shares its nodes).
 */
export function takeMergeTags(doc: Document): KeyPath[] {
  const paths: KeyPath[] = [];
  const walk = (node: unknown, at: KeyPath): void => {
    if (isMap(node)) {
      for (const pair of [...node.items]) {
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const value = pair.value as Node | null;
        const tag = value && "tag" in value ? value.tag : undefined;
        if (tag === "!reset") {
          paths.push([...at, name]);
          node.items.splice(node.items.indexOf(pair), 1);
          continue;
        }
        if (tag === "!override") {
          paths.push([...at, name]);
          value!.tag = undefined;
          // A plain scalar under an unknown tag was read as a string: read it as untagged YAML.
          if (isScalar(value) && value.type === Scalar.PLAIN && typeof value.source === "string") value.value = parse(value.source);
        }
        walk(value, [...at, name]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...at, String(i)]));
  };
  walk(doc.contents, []);
  return paths;
}

/** The document without the keys at these paths (Compose resets them to their defaults). */
export function withoutPaths(doc: Doc, paths: KeyPath[]): Doc {
  let out = doc;
  for (const p of paths) out = remove(out, p);
  return out;
}

function remove(value: any, p: KeyPath): any {
  // A sequence item is not removed, as in compose-go (its ResetProcessor skips them).
  if (!value || typeof value !== "object" || Array.isArray(value) || !(p[0] in value)) return value;
  if (p.length === 1) {
    const { [p[0]]: _gone, ...rest } = value; // eslint-disable-line @typescript-eslint/no-unused-vars
    return rest;
  }
  return { ...value, [p[0]]: remove(value[p[0]], p.slice(1)) };
}

/** The paths under `prefix`, relative to it (a service's own resets, for the service it extends). */
export function pathsUnder(paths: KeyPath[], prefix: KeyPath): KeyPath[] {
  return paths.filter((p) => p.length > prefix.length && prefix.every((k, i) => p[i] === k)).map((p) => p.slice(prefix.length));
}
