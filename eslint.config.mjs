// Lint: typescript-eslint's recommended rules, plus the one this project depends on for
// speed: never import @cdktf/provider-docker from its root (it loads every binding); no
// import cycles (a module must be loadable before the modules that use it); and code outside
// the library (tools/, stacks/, examples/) imports it only by its package name, "docker-iac".
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const PROVIDER_ROOT = {
  name: "@cdktf/provider-docker",
  message:
    "Import the resource from its deep path, e.g. @cdktf/provider-docker/lib/container: the root import loads every binding and slows synth.",
};
// A relative path into the library folder: "../constructs", "../../../constructs/audit", ...
// (never the npm package "constructs", which is a bare name).
const INTO_LIBRARY = {
  regex: "^\\.\\.?/(?:\\.\\./)*constructs(?:/|$)",
  message:
    'Import the library as "docker-iac", as a user\'s project does: a relative path into constructs/ reaches past its public API (constructs/index.ts).',
};

// cdktf's files below lib/ are its internals: a library that leans on them cannot follow cdktf's
// fork (CDK Terrain) or a patch release. The public API is the package root, "cdktf".
const CDKTF_INTERNALS = {
  regex: "^cdktf/lib/(?!testing/adapters/jest$)",
  message:
    'Use cdktf\'s public API (import from "cdktf"); files below cdktf/lib are internal. Only the jest matcher types may be imported from there, by tests.',
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "cdktf.out/**",
      "dist/**",
      "**/*.js",
      "**/*.mjs",
      "test/**/__snapshots__/**",
      "test/.import-out/**",
      "test/fixtures/import-cycle/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": ["error", { paths: [PROVIDER_ROOT], patterns: [CDKTF_INTERNALS] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // The source shows which imports are only types (erased) and which load a module at run time:
      // what verbatimModuleSyntax would enforce, which TypeScript refuses for CommonJS output (TS1295).
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-import-type-side-effects": "error",
    },
  },
  {
    // Constructs register their engine-wide claims with the stack instead of the stack importing
    // them back; this keeps the library (and the code around it) free of runtime import cycles.
    // Type-only imports (`import type`) are erased at compile time and do not count.
    files: ["constructs/**/*.ts", "tools/**/*.ts", "stacks/**/*.ts", "test/**/*.ts", "examples/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json", ".node"] })],
    },
    rules: { "import-x/no-cycle": "error" },
  },
  {
    // Tools, stacks and examples use the library as its users do: through "docker-iac" only.
    // Tests may reach internals (test/constructs tests private helpers by relative path).
    files: ["tools/**/*.ts", "stacks/**/*.ts", "examples/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [PROVIDER_ROOT], patterns: [INTO_LIBRARY, CDKTF_INTERNALS] }],
    },
  },
);
