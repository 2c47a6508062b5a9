// Which e2e files run how. Every file's Docker objects carry its own run id and name prefix, and
// its ports are its own (test/e2e/*.ts), so most files run side by side; these may not:
//   swarm.e2e.test.ts          makes the engine a swarm and leaves it (engine-wide), and counts
//                              failed requests at ~20/s during upgrades (timing);
//   swarm-cluster.e2e.test.ts  starts three more engines in network namespaces, edits iptables,
//                              and measures node-loss times (CPU and timing);
//   quickstart-user.e2e.test.ts deploys the real hello stack on the example's own ports 18080-18081
//                              (those of hello.e2e), as a user outside the suite's labels.
//   engine-restart.e2e.test.ts stops the engine-wide daemon and the local registry
//                              (toolchain.sh stop), then starts them again.
// Every other file runs in the parallel set, e.g. cli-ps-logs.e2e.test.ts (port 18640) and
// cli-watch.e2e.test.ts (port 18645): their stacks carry the run's own name prefix.
// package.e2e.test.ts (18160) and cli-package.e2e.test.ts (18230-18231) both `npm pack` the repo,
// whose build first removes dist/: InstalledPackageProject.pack takes a lock, so they run side by side.
// The second provider release (CI: 4.5.0) runs only the files whose behaviour differs between
// releases; why each one: docs/provider-versions.md, "What the e2e suite runs on each release".
module.exports = {
  SERIAL: [
    "swarm.e2e.test.ts",
    "swarm-cluster.e2e.test.ts",
    "quickstart-user.e2e.test.ts",
    "engine-restart.e2e.test.ts",
  ],
  PROVIDER_SENSITIVE: [
    "fast-deploy.e2e.test.ts",
    "build-context-links.e2e.test.ts",
    "compose-import.e2e.test.ts",
    "escaping.e2e.test.ts",
    "property-validate.e2e.test.ts",
    "swarm.e2e.test.ts",
    "swarm-cluster.e2e.test.ts",
  ],
};
