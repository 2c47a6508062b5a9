/** The provider wants labels as a list of `{ label, value }` blocks, sorted for stable output. */
export function labelBlocks(labels: Record<string, string>): { label: string; value: string }[] {
  return Object.keys(labels)
    .sort()
    .map((label) => ({ label, value: labels[label] }));
}
