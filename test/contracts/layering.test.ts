import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";

// The library's layers: internals that the public files depend on, never the reverse.
// - The bottom core (enums, constants, ErrorCode, DefinitionError, label names) imports only
//   the core and the packages below the library: every file may import it without a cycle.
// - constructs/private/ may import, for its values, only constructs/private/ and the core. A
//   type from a public file is fine (`import type`, erased at compile time): the public
//   interfaces are what the internals check and render.
// Public files may import anything.
const ROOT = path.join(__dirname, "..", "..");
const LIBRARY = path.join(ROOT, "constructs");
const PRIVATE = path.join(LIBRARY, "private");
const CORE = [
  "error-code.ts",
  "errors.ts",
  "label-names.ts",
  "restart-policy.ts",
  "swarm-policies.ts",
  "defaults-profile.ts",
].map((f) => path.join(LIBRARY, f));
const CORE_PACKAGES = ["cdktf", "constructs"];

interface Import {
  readonly specifier: string;
  /** Erased at compile time: `import type`, `export type`, or every named binding marked `type`. */
  readonly typeOnly: boolean;
}

/** Every import and re-export of a file, and `require(...)` / `import(...)` calls (values). */
function importsOf(fileName: string, text: string): Import[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.length > 0 &&
          clause.elements.every((e) => e.isTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0]) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require"))
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function libraryFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? libraryFiles(full) : e.name.endsWith(".ts") ? [full] : [];
  });
}

/** The library file a relative specifier names, or undefined for a package. */
function resolveRelative(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f)) ?? base;
}

const isPrivate = (file: string) => file.startsWith(PRIVATE + path.sep);
const isCore = (file: string) => CORE.includes(file);
const isNodeBuiltin = (specifier: string) => builtinModules.includes(specifier.replace(/^node:/, "").split("/")[0]);
const show = (file: string) => path.relative(ROOT, file);

/** One line per import that breaks the layering, `file: imports specifier (why)`. */
function violations(files: string[], read = (file: string) => fs.readFileSync(file, "utf8")): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const { specifier, typeOnly } of importsOf(file, read(file))) {
      const target = resolveRelative(file, specifier);
      if (isCore(file)) {
        const allowed =
          target !== undefined ? isCore(target) : isNodeBuiltin(specifier) || CORE_PACKAGES.includes(specifier);
        if (!allowed)
          found.push(
            `${show(file)}: imports ${specifier} (the bottom core imports only the core, node, cdktf and constructs)`,
          );
      } else if (isPrivate(file) && !typeOnly && target !== undefined && !isPrivate(target) && !isCore(target)) {
        found.push(
          `${show(file)}: imports values from ${show(target)} (a public file: move the logic into constructs/private/, or import only its types)`,
        );
      }
    }
  }
  return found;
}

describe("importsOf", () => {
  it.each([
    ['import type { A } from "../a";', true],
    ['import { type A, type B } from "../a";', true],
    ['import { type A, B } from "../a";', false],
    ['import A, { type B } from "../a";', false],
    ['import * as a from "../a";', false],
    ['import "../a";', false],
    ['export type { A } from "../a";', true],
    ['export { A } from "../a";', false],
    ['export * from "../a";', false],
    ['const a = require("../a");', false],
    ['const a = import("../a");', false],
  ])("%s is type-only: %s", (text, typeOnly) => {
    expect(importsOf("x.ts", text)).toEqual([{ specifier: "../a", typeOnly }]);
  });
});

describe("layering of constructs/", () => {
  const files = libraryFiles(LIBRARY);

  it("finds the library's files and its core", () => {
    expect(files.filter(isPrivate).length).toBeGreaterThan(30);
    for (const file of CORE) expect(files).toContain(file);
  });

  it("constructs/private/ takes values only from constructs/private/ and the core; the core only from the core", () => {
    expect(violations(files)).toEqual([]);
  });

  it("reports a private file that takes a value from a public one, and a core file that imports past the core", () => {
    const privateFile = path.join(PRIVATE, "layering-probe.ts");
    const coreFile = CORE[0];
    const texts: Record<string, string> = {
      [privateFile]:
        'import type { Volume } from "../volume";\nimport { ImmutableImage } from "../immutable-image";\nimport { invalid } from "../errors";\nimport { literal } from "./terraform-literal";\n',
      [coreFile]:
        'import { IConstruct } from "constructs";\nimport { isIP } from "net";\nimport { Volume } from "./volume";\nimport type { DockerStack } from "./docker-stack";\nimport { helper } from "./private/names";\n',
    };
    expect(violations([privateFile, coreFile], (file) => texts[file])).toEqual([
      "constructs/private/layering-probe.ts: imports values from constructs/immutable-image.ts (a public file: move the logic into constructs/private/, or import only its types)",
      "constructs/error-code.ts: imports ./volume (the bottom core imports only the core, node, cdktf and constructs)",
      "constructs/error-code.ts: imports ./docker-stack (the bottom core imports only the core, node, cdktf and constructs)",
      "constructs/error-code.ts: imports ./private/names (the bottom core imports only the core, node, cdktf and constructs)",
    ]);
  });
});
