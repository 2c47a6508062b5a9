/**
 * Compose's `!reset` and `!override` YAML tags (compose-spec merge.md, compose-go's
 * ResetProcessor): in a file merged over another (`-f a -f b`, or a service over the one it
 * `extends`), `key: !reset ...` removes the key from what came before, and
 * `key: !override value` replaces it whole instead of merging. Each file's tagged keys are
 * recorded as paths and taken out of the base before the file merges over it.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, parse, Scalar } from "yaml";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** A key path in a compose document, e.g. ["services", "web", "environment"]. */
export type KeyPath = string[];

/**
 * Removes the `!reset` keys of a parsed file and clears the `!override` tags, returning both
 * paths. A tagged key under an anchor counts where the anchor is and, as in compose-go, where
 * an alias of it is used (`<<: *base` in a service, or `key: *base`).
 */
export function takeMergeTags(doc: Document): KeyPath[] {
  const paths: KeyPath[] = [];
  const anchors = new Map<string, KeyPath>();
  /** The tagged paths under an anchor, again under `to` (document order: the anchor came first). */
  const copy = (anchor: string, to: KeyPath) => {
    const from = anchors.get(anchor);
    if (!from) return;
    const whole = paths.some((p) => p.length === from.length && p.every((k, i) => k === from[i]));
    for (const p of [...(whole ? [[]] : []), ...pathsUnder(paths, from)]) paths.push([...to, ...p]);
  };
  const walk = (node: unknown, at: KeyPath): void => {
    if (node && typeof node === "object" && "anchor" in node && typeof node.anchor === "string")
      anchors.set(node.anchor, at);
    if (isMap(node)) {
      for (const pair of [...node.items]) {
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const value = pair.value as Node | null;
        // A merge key's aliases bring their keys into this mapping; another alias, under its key.
        const merge = isScalar(pair.key) && typeof pair.key.value === "symbol";
        const aliases = isAlias(value) ? [value] : merge && isSeq(value) ? value.items.filter(isAlias) : [];
        for (const alias of aliases) copy(alias.source, merge ? at : [...at, name]);
        if (aliases.length) continue;
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
          if (isScalar(value) && value.type === Scalar.PLAIN && typeof value.source === "string")
            value.value = parse(value.source);
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
  return paths
    .filter((p) => p.length > prefix.length && prefix.every((k, i) => p[i] === k))
    .map((p) => p.slice(prefix.length));
}
