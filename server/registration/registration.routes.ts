/**
 * @module
 * The contract of the routes that get a person into an account without a session: registration
 * with proof and its confirmation, and the password reset. Handlers: registration.handlers.ts.
 *
 * Answers never tell whether an email is registered: registering a taken email and asking to reset
 * an unknown one answer exactly like the other case, and the difference goes only by email.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody } from '../http/openapi.ts';

/** Checked by parseEmailAddress in the handler, so every problem gets its own field code. */
export const EmailField = z.string().max(1000).openapi({ format: 'email', example: 'anna@example.lv' });
/** Generous limit for what we accept on the wire; the policy's limit is 128 characters. */
export const AnyPassword = z.string().min(1).max(1024);
export const TokenField = z.string().min(1).max(200).openapi({ description: 'The token from the link (`#token=…`)' });

const Status = <T extends string>(status: T, description: string) =>
  z.object({ status: z.literal(status), message: z.string() }).openapi({ description });

export const RegisterRequest = z
  .object({
    accountNumber: z.string().trim().min(1).max(64).openapi({ example: '100111' }),
    invoiceNumber: z.string().trim().min(1).max(64).openapi({ example: 'ON-2026-05-0111' }),
    invoiceTotal: z.string().trim().min(1).max(32).openapi({ example: '45,67', description: 'The invoice total, comma or dot' }),
    email: EmailField,
    password: AnyPassword,
    acceptTerms: z.boolean(),
    invoicesByEmail: z.boolean().optional().default(false),
    language: z.enum(['lv', 'en', 'ru']).optional().openapi({ description: 'Language of the emails; the tenant default when left out' }),
  })
  .openapi('RegisterRequest');

export const registerRoute = createRoute({
  method: 'post',
  path: '/auth/register',
  tags: ['accounts'],
  summary: 'Register as the customer of a premise (proof: account number + number and total of a recent invoice)',
  description:
    'Answers 202 `confirmation_sent` whenever the proof holds, also when the email already has an account (that address then ' +
    'gets a "you already have an account" email instead of a confirmation link). Wrong proofs answer 422 ' +
    '`registration_proof_invalid` and are rate-limited per account number and per client (429).',
  request: jsonBody(RegisterRequest),
  responses: {
    202: { description: 'A confirmation link was emailed', content: { 'application/json': { schema: Status('confirmation_sent', 'Sent') } } },
    ...errorResponses(400, 422, 429),
  },
});

export const registerConfirmRoute = createRoute({
  method: 'post',
  path: '/auth/register/confirm',
  tags: ['accounts'],
  summary: 'Activate the account with the token from the confirmation email (single use, 24 hours)',
  request: jsonBody(z.object({ token: TokenField })),
  responses: {
    200: {
      description: 'The account exists and can log in',
      content: { 'application/json': { schema: z.object({ status: z.literal('registered'), email: z.string() }) } },
    },
    ...errorResponses(400, 409),
  },
});

export const forgotPasswordRoute = createRoute({
  method: 'post',
  path: '/auth/password/forgot',
  tags: ['accounts'],
  summary: 'Email a password-reset link (single use, 30 minutes); the same answer for unknown emails',
  request: jsonBody(z.object({ email: EmailField })),
  responses: {
    202: { description: 'If the email has an account, a link is on its way', content: { 'application/json': { schema: Status('reset_email_sent', 'Sent') } } },
    ...errorResponses(400, 429),
  },
});

export const resetPasswordRoute = createRoute({
  method: 'post',
  path: '/auth/password/reset',
  tags: ['accounts'],
  summary: 'Set a new password with the token from the reset email; every session of the account ends',
  request: jsonBody(z.object({ token: TokenField, password: AnyPassword })),
  responses: {
    200: { description: 'The password is changed; log in with it', content: { 'application/json': { schema: Status('password_reset', 'Done') } } },
    ...errorResponses(400, 422),
  },
});
