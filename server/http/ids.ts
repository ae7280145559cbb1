/**
 * @module
 * Ids in paths are UUIDs, but a path can carry anything. Checking the shape before a query keeps
 * a malformed id a plain 404 (as for any id that is not yours) instead of a Postgres cast error.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
