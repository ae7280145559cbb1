/**
 * @module
 * Path segments that name a thing by the manager's own id (an externalRef, an invoice number) or by
 * our id. The segment itself is not validated by the route contract: a segment that cannot be a
 * ref simply names nothing and answers 404 on reads, while writes that would create a thing under
 * it refuse it with 400 (`invalid_external_ref`). The rule is external-ref.ts's.
 */
import { z } from '@hono/zod-openapi';
import { EXTERNAL_REF_PATTERN } from './external-ref.ts';

export const isExternalRef = (value: string) => EXTERNAL_REF_PATTERN.test(value);

export const refParam = (name: string) => z.string().max(300).openapi({ param: { name, in: 'path' }, example: 'MP3-111' });
