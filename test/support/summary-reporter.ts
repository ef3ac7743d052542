import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the plain closing line CI reads, bare: `N passed, N failed, N skipped` alone on the last
 * line. With a leading `Tests:` two CI runs were recorded as having run no test; why is not
 * known, and the bare line is the plainest form the rule allows.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
