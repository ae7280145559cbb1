import type { TestProject } from 'vitest/node';
import { createTestDatabase, testDatabaseKind } from './database.ts';
import { ensureTemplate } from './pglite-template.ts';
import { SMALL_TABLES } from './plan-rules.ts';
import { fillPlanGuardDatabase } from './plan-guard-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The database the plan guard reads plans in (plan-guard.ts); Postgres runs only. */
    planGuardUrl: string | undefined;
  }
}

export default async function setup(project: TestProject) {
  await ensureTemplate();
  if (testDatabaseKind() !== 'postgres') {
    project.provide('planGuardUrl', undefined);
    return;
  }
  // One migrated database for the whole run; EXPLAIN never writes, so the files can share it.
  const guard = await createTestDatabase({ poolSize: 1 });
  await fillPlanGuardDatabase(guard.url!, SMALL_TABLES.keys());
  project.provide('planGuardUrl', guard.url);
  return () => guard.dispose();
}
