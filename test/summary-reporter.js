// Prints one plain closing line per jest run, e.g. "unit: 180 passed, 0 failed, 0 skipped",
// which CI logs and humans can read at a glance. A skipped test is never counted as passed.
class SummaryReporter {
  constructor(_globalConfig, options = {}) {
    this.label = options.label ?? "tests";
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\n${this.label}: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
