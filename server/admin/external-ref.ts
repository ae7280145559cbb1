/**
 * @module
 * The manager's own ids (`externalRef`): the upsert keys of everything a billing system sends,
 * unique per tenant. They travel in URL paths (`PUT /admin/notices/{externalRef}`), so one rule
 * keeps them path-safe and short: 1–100 characters of letters, digits and `. _ : / -` (a `/`
 * must be sent URL-encoded as `%2F`). Invoice numbers follow the same rule.
 */
import { z } from '@hono/zod-openapi';

export const EXTERNAL_REF = /^[A-Za-z0-9._:/-]{1,100}$/;

export const isExternalRef = (value: string) => EXTERNAL_REF.test(value);

export const ExternalRef = z
  .string()
  .regex(EXTERNAL_REF)
  .openapi({ example: 'B-0042', description: "The manager's own id: 1–100 of A–Z a–z 0–9 . _ : / -" });

/** An externalRef as a path parameter; an unfit one simply matches nothing (404). */
export const externalRefParam = (name: string) => z.string().max(300).openapi({ param: { name, in: 'path' }, example: 'B-0042' });
