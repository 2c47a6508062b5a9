// Lint: typescript-eslint's recommended rules, plus the one this project depends on for
// speed: never import @cdktf/provider-docker from its root (it loads every binding).
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "cdktf.out/**", "dist/**", "**/*.js", "**/*.mjs", "test/**/__snapshots__/**", "test/.import-out/**"] },
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
);
