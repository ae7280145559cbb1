/** Types of reminder-residents.mjs, for the tests that use it. */
export function reminderResidentsSql(slug: string, count: number, domain?: string): string;
