/**
 * @module
 * The manager's own ids (`externalRef`: the billing system's key of a building, premise, meter, …),
 * the one shape every admin route accepts, in paths, queries and bodies alike: 1–100 characters of
 * letters, digits and `. _ : / -`. Narrow on purpose: a ref travels in URL paths, CSV cells and
 * log lines, and must look the same in all of them.
 */
import { z } from '@hono/zod-openapi';

export const EXTERNAL_REF = /^[A-Za-z0-9._:/-]+$/;

export const ExternalRef = z.string().min(1).max(100).regex(EXTERNAL_REF).openapi({ example: 'B-0012' });
