/**
 * The keys of a props interface as a runtime list that cannot drift from the interface:
 * `propKeys<VolumeProps>()("volumeName", "labels", "retainOnDestroy")` compiles only when
 * the list names every key of the type and nothing else, so adding a prop without adding
 * it here fails `npm run typecheck` (no code generation needed).
 */
export function propKeys<T>() {
  return <const K extends readonly (keyof T & string)[]>(...keys: K & AllKeysOf<T, K>): readonly string[] => keys;
}

/** Accepts the list only when no key of T is left out; otherwise the error names the missing keys. */
type AllKeysOf<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>] extends [never]
  ? unknown
  : { readonly missingKeys: Exclude<keyof T, K[number]> };
