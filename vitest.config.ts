import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/server/**/*.test.ts', 'tests/reliability/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // s3rver (the tests' S3 server, tests/server/support/s3-server.ts) makes a listing's continuation
    // token with DES, which OpenSSL 3 keeps in its legacy provider: without it any listing longer
    // than a page answers 500. Only the test workers get it; the server never uses DES.
    execArgv: ['--openssl-legacy-provider'],
    globalSetup: ['tests/server/support/global-setup.ts'],
    setupFiles: ['tests/server/support/plan-guard.setup.ts'],
  },
});
