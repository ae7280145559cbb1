/**
 * A @web/test-runner reporter that writes `{"passed":N,"failed":N}` for the whole run, counting
 * individual tests. A file that errors as a whole (it failed to load, threw outside a test, or a
 * hook failed) counts once per error as failed, so a broken file can never pass unnoticed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

function countSuite(suite, counts) {
  if (!suite) return;
  for (const test of suite.tests ?? []) {
    if (test.skipped) continue;
    if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) countSuite(child, counts);
}

export function countReporter({ outFile = '.test-results/widgets.json' } = {}) {
  return {
    async stop({ sessions }) {
      const counts = { passed: 0, failed: 0 };
      for (const session of sessions) {
        countSuite(session.testResults, counts);
        counts.failed += session.errors?.length ?? 0;
        // A session that failed without any test result or error (e.g. the browser page crashed).
        if (session.passed === false && !session.testResults && !session.errors?.length) counts.failed += 1;
      }
      await mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
      await writeFile(outFile, `${JSON.stringify(counts)}\n`);
    },
  };
}
