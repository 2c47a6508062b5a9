// The real-deploy suite: `cdktf deploy` against a Docker engine with Terraform and the
// kreuzwerker/docker provider. Stacks deploy one after another (one engine, fixed ports).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  reporters: ["default", ["<rootDir>/test/summary-reporter.js", { label: "e2e" }]],
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  // The package's own name resolves to the library source, as for `import ... from "docker-iac"` in stacks.
  moduleNameMapper: { "^docker-iac$": "<rootDir>/constructs/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/e2e/global-setup.ts",
  maxWorkers: 1,
  testTimeout: 600000,
};
