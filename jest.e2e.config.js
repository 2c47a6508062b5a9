// The real-deploy suite: `cdktf deploy` against a Docker engine with Terraform and the
// kreuzwerker/docker provider. `npm run test:e2e` (tools/dev/e2e.sh) runs it in two jest runs,
// one after the other: the files that share nothing engine-wide three at a time, then the ones
// that do (test/e2e/sets.js says which and why) one at a time.
//   DOCKER_IAC_E2E_SET=parallel | serial   which of the two (unset: every file, one at a time)
//   DOCKER_IAC_E2E_ONLY=provider-sensitive  only the files whose behaviour differs between provider releases
const fs = require("fs");
const path = require("path");
const { PROVIDER_SENSITIVE, SERIAL } = require("./test/e2e/sets.js");

const set = process.env.DOCKER_IAC_E2E_SET ?? "all";
if (!["all", "parallel", "serial"].includes(set))
  throw new Error(`DOCKER_IAC_E2E_SET is '${set}'. Fix: parallel, serial, or unset`);
const only = process.env.DOCKER_IAC_E2E_ONLY ?? "";
if (!["", "provider-sensitive"].includes(only))
  throw new Error(`DOCKER_IAC_E2E_ONLY is '${only}'. Fix: provider-sensitive, or unset`);

const all = fs.readdirSync(path.join(__dirname, "test", "e2e")).filter((file) => file.endsWith(".e2e.test.ts"));
const unknown = [...SERIAL, ...PROVIDER_SENSITIVE].filter((file) => !all.includes(file));
if (unknown.length) throw new Error(`test/e2e/sets.js names ${unknown.join(", ")}, which test/e2e does not have`);
const files = all
  .filter((file) => !only || PROVIDER_SENSITIVE.includes(file))
  .filter((file) => set === "all" || (set === "serial") === SERIAL.includes(file));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  reporters: ["default", ["<rootDir>/test/summary-reporter.js", { label: set === "all" ? "e2e" : `e2e (${set})` }]],
  roots: ["<rootDir>/test/e2e"],
  testMatch: files.map((file) => `<rootDir>/test/e2e/${file}`),
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  // The package's own name resolves to the library source, as for `import ... from "docker-iac"` in stacks.
  moduleNameMapper: { "^docker-iac$": "<rootDir>/constructs/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  globalSetup: "<rootDir>/test/e2e/global-setup.ts",
  // Three at a time on two cores: most of a file's time is waiting for the engine and Terraform
  // (the provider waits 2 s on every network read); the parallel set took 443 s at three, 518 s at two (with three new files since).
  maxWorkers: set === "parallel" ? 3 : 1,
  testTimeout: 600000,
};
