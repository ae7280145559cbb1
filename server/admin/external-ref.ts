/**
 * @module
 * The manager's own id of a thing (`externalRef`): the key its billing system knows a building,
 * premise, customer or meter by, unique per tenant, and the upsert key of every admin PUT and
 * import. One rule for all of them, so a ref that one route accepts every other route accepts:
 * 1–100 characters of letters, digits and `. _ : / -` — what billing systems use for ids
 * ("B-12", "LV:000123/4"), nothing that needs quoting in CSV or escaping in a log. In a path it
 * travels URL-encoded (`/` as `%2F`).
 */
import { z } from '@hono/zod-openapi';

export const EXTERNAL_REF_PATTERN = /^[A-Za-z0-9._:/-]{1,100}$/;

export const ExternalRef = z
  .string()
  .max(100)
  .regex(EXTERNAL_REF_PATTERN, 'letters, digits and . _ : / - (1–100 characters)')
  .openapi({ example: 'MP3-111' });

/** The `{externalRef}` path parameter. */
export const ExternalRefParam = z.object({
  externalRef: ExternalRef.openapi({ param: { name: 'externalRef', in: 'path' }, example: 'MP3-111' }),
});
