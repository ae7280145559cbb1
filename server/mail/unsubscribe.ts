/**
 * @module
 * Reminder-type mail (reading-window reminders, new notices, invoices, replies) must be easy to
 * stop: it carries an unsubscribe link in its footer and the `List-Unsubscribe` header with
 * RFC 8058 one-click (`List-Unsubscribe-Post`), which mail clients show as an "Unsubscribe" button.
 *
 * The link holds a signed token (HS256 with the server's key, its own issuer so it can never pass
 * as an access token) naming tenant, user and category. It can do exactly one thing, turn that one
 * kind of mail off, so it is long-lived and, unlike every other token, it may sit in the header's
 * URL: a mail client's one-click POST has nowhere else to carry it. The footer link goes to the
 * manager's page with the token in the fragment, where `<owner-profile>` finishes the job.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { sql, type RawBuilder } from 'kysely';
import type { TokenKeys } from '../auth/tokens.ts';
import { tenantPageUrl } from './layout.ts';
import type { EmailMessage } from './outbox.ts';
import { composeEmail, textsFor, type MailTenant, type Recipient } from './templates.ts';
import type { EmailCategory, MailBlock } from './texts/types.ts';

const ISSUER = 'doorstep:unsubscribe';
const LIFETIME_SECONDS = 400 * 24 * 3600;
export const EMAIL_CATEGORIES: readonly EmailCategory[] = ['readingReminders', 'readingReceipts', 'invoicesByEmail', 'newNotices', 'managerReplies'];

export async function signUnsubscribeToken(keys: TokenKeys, input: { tenantId: string; userId: string; category: EmailCategory }, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ cat: input.category })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(input.tenantId)
    .setSubject(input.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + LIFETIME_SECONDS)
    .sign(keys.secret);
}

export async function verifyUnsubscribeToken(
  keys: TokenKeys,
  token: string,
  tenantId: string,
  now: Date,
): Promise<{ userId: string; category: EmailCategory } | null> {
  if (!/^[A-Za-z0-9_.-]{20,2048}$/.test(token)) return null;
  try {
    const { payload } = await jwtVerify(token, keys.secret, { issuer: ISSUER, audience: tenantId, algorithms: ['HS256'], currentDate: now });
    const category = payload.cat as EmailCategory;
    if (typeof payload.sub !== 'string' || !EMAIL_CATEGORIES.includes(category)) return null;
    return { userId: payload.sub, category };
  } catch {
    return null;
  }
}

export interface ReminderInput {
  keys: TokenKeys;
  /** The API's public origin, for the one-click URL (PUBLIC_URL). */
  apiBaseUrl: string;
  tenant: MailTenant & { id: string; slug: string };
  recipient: Recipient & { userId: string };
  category: EmailCategory;
  template: string;
  /** The message itself, in the recipient's language. */
  block: MailBlock;
  actionUrl?: string;
  now: Date;
}

/** A reminder-type message with the unsubscribe footer link and List-Unsubscribe headers. */
export async function reminderEmail(input: ReminderInput): Promise<EmailMessage> {
  const token = await signUnsubscribeToken(input.keys, { tenantId: input.tenant.id, userId: input.recipient.userId, category: input.category }, input.now);
  return reminderEmailWithToken(input, token);
}

/** reminderEmail with the token given (or a placeholder for it: reminder-templates.ts). */
export function reminderEmailWithToken(input: Omit<ReminderInput, 'keys' | 'now'>, token: string): EmailMessage {
  const subscription = textsFor(input.recipient.language).subscription({ tenant: input.tenant.name, category: input.category });
  const oneClick = new URL(`/v1/${input.tenant.slug}/email/unsubscribe`, input.apiBaseUrl);
  oneClick.searchParams.set('token', token);
  return composeEmail(input.tenant, input.recipient, input.template, input.block, {
    ...(input.actionUrl ? { actionUrl: input.actionUrl } : {}),
    footer: subscription.footer,
    footerLink: { label: subscription.unsubscribe, url: tenantPageUrl(input.tenant, { token, flow: 'unsubscribe' }) },
    headers: {
      'List-Unsubscribe': `<${oneClick.toString()}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
}

/**
 * The same unsubscribe token as `signUnsubscribeToken`, computed by the database for a whole set
 * of people in one statement (the reading reminders queue thousands per statement, and no
 * person's message passes through JavaScript). HS256 is HMAC-SHA-256, and HMAC is two SHA-256
 * runs over the key padded with `ipad` and `opad` (RFC 2104), which plain SQL can do with its
 * built-in `sha256()` (no pgcrypto, so it runs on the embedded database too). The key's padded
 * forms travel as parameters; the payload is the JSON jose writes, in its order, with the person's
 * id as the subject. `userId` must be an SQL expression of type uuid (a uuid needs no escaping).
 */
export function unsubscribeTokenSql(keys: TokenKeys, input: { tenantId: string; category: EmailCategory }, now: Date, userId: RawBuilder<unknown>): RawBuilder<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const { inner, outer } = hmacPads(keys.secret);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  // {"cat":…,"iss":…,"aud":…,"sub":"<id>","iat":…,"exp":…}: SignJWT's order (constructor claims, then the setters).
  const before = JSON.stringify({ cat: input.category, iss: ISSUER, aud: input.tenantId, sub: '' }).slice(0, -2);
  const after = `"${JSON.stringify({ iat: issuedAt, exp: issuedAt + LIFETIME_SECONDS }).replace(/^\{/, ',')}`;
  const b64 = (bytes: RawBuilder<unknown>) => sql`rtrim(translate(encode(${bytes}, 'base64'), ${'+/\n'}, ${'-_'}), '=')`;
  const signingInput = sql`(${header + '.'} || ${b64(sql`convert_to(${before} || (${userId})::text || ${after}, 'UTF8')`)})`;
  return sql<string>`(${signingInput} || '.' || ${b64(sql`sha256(decode(${outer}, 'hex') || sha256(decode(${inner}, 'hex') || convert_to(${signingInput}, 'UTF8')))`)})`;
}

/** The HMAC key padded to SHA-256's block and xored with ipad and opad (RFC 2104). */
function hmacPads(secret: Uint8Array): { inner: string; outer: string } {
  const key = Buffer.alloc(64);
  (secret.length > 64 ? createHash('sha256').update(secret).digest() : Buffer.from(secret)).copy(key);
  return { inner: Buffer.from(key.map((b) => b ^ 0x36)).toString('hex'), outer: Buffer.from(key.map((b) => b ^ 0x5c)).toString('hex') };
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
