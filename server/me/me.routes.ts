/**
 * @module
 * GET /v1/{tenant}/me: the user and every premise the user reaches, with role and rights, and the
 * manager's time zone (a resident abroad reads the manager's clock, named as such).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../http/openapi.ts';

export const PremiseSummary = z
  .object({
    id: z.string().uuid(),
    label: z.string().openapi({ example: 'Malkalnes prospekts 3-111' }),
    accountNumber: z.string().openapi({ example: '12345' }),
    building: z.object({ id: z.string().uuid(), address: z.string(), city: z.string().nullable() }),
    role: z.enum(['owner', 'proxy', 'member']),
    rights: z.array(z.enum(['invoices', 'readings'])),
    actions: z.array(z.string()).openapi({ description: 'What the user may do here, decided by the rights module' }),
  })
  .openapi('PremiseSummary');

export const MeResponse = z
  .object({
    user: z.object({
      id: z.string().uuid(),
      email: z.string(),
      name: z.string(),
      phone: z.string().nullable(),
      language: z.enum(['lv', 'en', 'ru']),
      mustChangePassword: z.boolean(),
      authLevel: z.enum(['basic', 'strong']),
    }),
    premises: z.array(PremiseSummary),
    tenant: z.object({
      timeZone: z.string().openapi({
        example: 'Europe/Riga',
        description: "The manager's IANA time zone: widgets show every date and time in it, not in the browser's",
      }),
    }),
  })
  .openapi('Me');

export const getMeRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['me'],
  summary: 'The logged-in user and the premises it reaches',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'The user', content: { 'application/json': { schema: MeResponse } } },
    ...errorResponses(401),
  },
});
