// The widgets as they were served before the loader: one ES module with every element and every
// language, built from a git ref's sources exactly as that ref's widgets/build.mjs built it.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** The last commit of main that served the single bundle. `DOORSTEP_BENCH_BASELINE` picks another. */
export const BASELINE_REF = process.env.DOORSTEP_BENCH_BASELINE ?? '3ecf87b658f9ad2c304b1ff6b588194629043f9a';

/** Builds the ref's `widgets/define.ts` into one module; returns its bytes. */
export async function buildBaselineBundle(ref = BASELINE_REF) {
  // Inside node_modules, so the old sources resolve `lit` from the repo as they did.
  mkdirSync('node_modules', { recursive: true });
  const scratch = mkdtempSync(path.resolve('node_modules', '.doorstep-bench-baseline-'));
  try {
    const archive = execFileSync('git', ['archive', '--format=tar', ref, 'widgets'], { maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', scratch], { input: archive });
    const outfile = path.join(scratch, 'doorstep.js');
    await build({
      entryPoints: [path.join(scratch, 'widgets/define.ts')],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
      minify: true,
      legalComments: 'eof',
      charset: 'utf8',
      logLevel: 'warning',
    });
    return readFileSync(outfile);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
