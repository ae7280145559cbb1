/**
 * @module
 * Puts the plan guard (plan-guard.ts) around every server test file on Postgres: statements are
 * collected while the file runs and explained after its last test; the file fails when one reads a
 * whole table or tenant. On PGlite nothing happens (its planner is Postgres's, but the suite's
 * Postgres run is the one that stands for production).
 */
import { afterAll, inject } from 'vitest';
import { testDatabaseKind } from './database.ts';
import { describeFindings, findWholeTableReads, installPlanGuard } from './plan-guard.ts';

if (testDatabaseKind() === 'postgres') {
  installPlanGuard();
  afterAll(async () => {
    const url = inject('planGuardUrl');
    if (!url) throw new Error('plan guard: global-setup.ts made no database to read plans in');
    const findings = await findWholeTableReads(url);
    if (findings.length > 0) throw new Error(describeFindings(findings));
  }, 60_000);
}
