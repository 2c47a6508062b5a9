// Unit and snapshot tests: synth only, no Docker, no Terraform. SWC strips types
// (type checking is `npm run typecheck`), which keeps the suite fast.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  reporters: ["default", ["<rootDir>/test/summary-reporter.js", { label: "unit" }]],
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/e2e/"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  // The package's own name resolves to the library source, as for `import ... from "docker-iac"` in stacks.
  moduleNameMapper: { "^docker-iac$": "<rootDir>/constructs/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts", "<rootDir>/test/unit-setup.ts"],
};
