// Lint: typescript-eslint's recommended rules, plus the one this project depends on for
// speed: never import @cdktf/provider-docker from its root (it loads every binding); and no
// import cycles (a module must be loadable before the modules that use it).
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "cdktf.out/**", "dist/**", "**/*.js", "**/*.mjs", "test/**/__snapshots__/**", "test/.import-out/**", "test/fixtures/import-cycle/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-docker",
              message: "Import the resource from its deep path, e.g. @cdktf/provider-docker/lib/container: the root import loads every binding and slows synth.",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
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
);
