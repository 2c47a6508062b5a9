// `npm run import:coverage`: imports every compose file of the corpus (test/fixtures/compose)
// and prints, per compose key, how many uses were mapped to the typed API and how many were
// left as comments. docs/compose.md holds the same table (a unit test keeps them equal).
import * as fs from "fs";
import * as path from "path";
import { generateStack, type KeyUse } from "./generate-stack";
import { loadCompose } from "./load-compose";

export const CORPUS_DIR = path.resolve(__dirname, "..", "..", "..", "test", "fixtures", "compose");
const COMPOSE_NAMES = /^(compose|docker-compose)(\.[\w-]+)?\.ya?ml$/;

/** The corpus: project folder name and its compose file. */
export function corpusFiles(): { project: string; file: string }[] {
  return fs
    .readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const file = fs.readdirSync(path.join(CORPUS_DIR, d.name)).find((f) => COMPOSE_NAMES.test(f));
      if (!file) throw new Error(`no compose file in ${path.join(CORPUS_DIR, d.name)}`);
      return { project: d.name, file: path.join(CORPUS_DIR, d.name, file) };
    })
    .sort((a, b) => a.project.localeCompare(b.project));
}

export interface CoverageRow {
  readonly key: string;
  readonly mapped: number;
  readonly changed: number;
  readonly commented: number;
  readonly ignored: number;
}

export interface Coverage {
  readonly rows: CoverageRow[];
  readonly mapped: number;
  readonly changed: number;
  readonly commented: number;
  readonly ignored: number;
  readonly files: number;
}

/** Key uses over the whole corpus. The environment is fixed so the figures do not depend on the shell. */
export function corpusCoverage(): Coverage {
  const uses: KeyUse[] = [];
  const files = corpusFiles();
  for (const { project, file } of files) {
    const loaded = loadCompose(file, {});
    uses.push(
      ...generateStack(loaded, { className: "Imported", outFile: path.join(CORPUS_DIR, project, "imported.ts") }).uses,
    );
  }
  const byKey = new Map<string, { mapped: number; changed: number; commented: number; ignored: number }>();
  for (const u of uses) {
    const row = byKey.get(u.key) ?? { mapped: 0, changed: 0, commented: 0, ignored: 0 };
    row[u.status]++;
    byKey.set(u.key, row);
  }
  const rows = [...byKey.entries()].map(([key, r]) => ({ key, ...r })).sort((a, b) => a.key.localeCompare(b.key));
  const sum = (k: "mapped" | "changed" | "commented" | "ignored") => rows.reduce((n, r) => n + r[k], 0);
  return {
    rows,
    mapped: sum("mapped"),
    changed: sum("changed"),
    commented: sum("commented"),
    ignored: sum("ignored"),
    files: files.length,
  };
}

/** The Markdown table docs/compose.md carries. */
export function formatCoverage(c: Coverage): string {
  const total = c.mapped + c.changed + c.commented;
  const share = (100 * c.mapped) / total;
  const lines = [
    `${c.files} compose files, ${total} key uses: ${c.mapped} mapped, ${c.changed} changed (mapped with another meaning: ports bound to 127.0.0.1 where Compose uses 0.0.0.0), ${c.commented} commented (${share.toFixed(1)} % mapped as Compose means them); ${c.ignored} ignored as Compose ignores them (\`version\`, \`x-\` fields, networks and volumes no service uses).`,
    "",
    "| key | mapped | changed | commented | ignored |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...c.rows.map((r) => `| \`${r.key}\` | ${r.mapped} | ${r.changed} | ${r.commented} | ${r.ignored} |`),
  ];
  return lines.join("\n");
}

if (require.main === module) {
  // A repository task: no options, but --help and a wrong argument answer as every command does.
  const usage =
    "usage: npm run import:coverage\n\nPrints, per compose key, how the importer handles the corpus in test/fixtures/compose (the table of docs/compose.md).\n";
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) process.stdout.write(usage);
  else if (args.length) {
    process.stderr.write(`import:coverage: takes no arguments (got '${args[0]}')\n\n${usage}`);
    process.exitCode = 2;
  } else process.stdout.write(`${formatCoverage(corpusCoverage())}\n`);
}
