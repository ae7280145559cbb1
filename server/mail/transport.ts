/**
 * @module
 * The one mail module's way out. With SMTP_URL mail goes through nodemailer's SMTP transport;
 * without it each message is written as an `.eml` file (plus a small `.json` summary the demo's
 * /demo/outbox page lists) into the outbox folder, so every flow works on a laptop with no mail
 * server. The worker (worker.ts) is the only caller: handlers queue mail with enqueueEmail.
 *
 * Both transports are idempotent per outbox row as far as they can be: the Message-ID is derived
 * from the row id, so a receiving server or a person can tell a rare re-send (a crash between
 * sending and recording it) from a new message, and the file transport names the file by the row
 * id, so a re-send overwrites instead of duplicating.
 */
import { Buffer } from 'node:buffer';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import { parseEmailAddress } from './address.ts';
import { isPlaceholderAddress } from './outbox.ts';

export interface OutgoingMail {
  /** The outbox row id. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  headers?: Record<string, string>;
  template?: string;
  /** When the message was queued (the Date header). */
  date: Date;
  attachments?: Array<{ filename: string; contentType: string; content: Uint8Array }>;
}

export interface MailTransport {
  kind: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

/**
 * Headers a queued message may add. Anything that changes who receives the message or how it is
 * parsed is set by us alone, so a stray `Bcc` in the outbox cannot add a recipient.
 */
const RESERVED_HEADERS = new Set([
  'from', 'to', 'cc', 'bcc', 'sender', 'subject', 'date', 'message-id', 'content-type',
  'content-transfer-encoding', 'mime-version', 'return-path', 'received',
]);

export function extraHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) continue;
    safe[name] = String(value).replace(/[\r\n]+/g, ' ');
  }
  return safe;
}

function messageId(id: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'doorstep.local';
  return `<${id}@${domain}>`;
}

/**
 * A recipient that is not exactly one plain address is refused as a permanent failure: nodemailer
 * reads `a@x.lv Bcc: b@y.lv` as two addresses, so a mangled row must never reach it.
 */
function singleRecipient(to: string): string {
  const parsed = parseEmailAddress(to);
  if (!parsed.ok) throw Object.assign(new Error(`Refused recipient address (${parsed.problem})`), { code: 'EENVELOPE', responseCode: 553 });
  if (isPlaceholderAddress(parsed.email)) throw Object.assign(new Error('Refused recipient address (a placeholder, .invalid)'), { code: 'EENVELOPE', responseCode: 553 });
  return parsed.email;
}

/** What nodemailer needs for one message; the envelope is explicit, so only `to` receives it. */
function mailOptions(mail: OutgoingMail, from: string) {
  const sender = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const to = singleRecipient(mail.to);
  return {
    from,
    to,
    envelope: { from: sender, to: [to] },
    subject: mail.subject.replace(/[\r\n]+/g, ' '),
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    headers: extraHeaders(mail.headers),
    ...(mail.attachments?.length
      ? { attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })) }
      : {}),
    messageId: messageId(mail.id, from),
    date: mail.date,
    // Bodies are ours, but never let a message pull in a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export interface SmtpOptions {
  url: string;
  from: string;
  /** Seconds to wait for a connection, the greeting and each reply; a dead server must fail fast. */
  timeoutSeconds?: number;
  /** SMTP connections kept open at once (the worker sends as many messages in parallel). */
  connections?: number;
}

/** Parallel SMTP connections: each message waits on a few round trips, so a few in flight keep a relay busy. */
export const SMTP_CONNECTIONS = 8;

export async function smtpTransport(options: SmtpOptions): Promise<MailTransport> {
  const nodemailer = await import('nodemailer');
  const ms = (options.timeoutSeconds ?? 20) * 1000;
  const transporter: Transporter = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.connections ?? SMTP_CONNECTIONS,
    // Each connection sends this many messages before it is renewed (nodemailer's default is 100).
    maxMessages: 1000,
    connectionTimeout: ms,
    greetingTimeout: ms,
    socketTimeout: ms * 3,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail(mailOptions(mail, options.from));
    },
    async close() {
      transporter.close();
    },
  };
}

/** One outbox file: the RFC 822 message and the summary the demo page shows. */
export interface OutboxFileSummary {
  id: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  template: string | null;
  date: string;
  file: string;
}

export async function fileTransport(options: { dir: string; from: string }): Promise<MailTransport> {
  const nodemailer = await import('nodemailer');
  const composer: Transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  await mkdir(options.dir, { recursive: true });
  const write = async (path: string, data: string | Uint8Array) => {
    // Written under a temporary name and renamed, so the demo page never reads half a file.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, path);
  };
  return {
    kind: 'file',
    async send(mail) {
      const info = (await composer.sendMail(mailOptions(mail, options.from))) as { message: Uint8Array };
      // Sortable by queue time, unique and stable per outbox row.
      const base = `${mail.date.toISOString().replace(/[:.]/g, '-')}-${mail.id}`;
      const summary: OutboxFileSummary = {
        id: mail.id,
        to: mail.to,
        from: options.from,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? null,
        headers: extraHeaders(mail.headers),
        template: mail.template ?? null,
        date: mail.date.toISOString(),
        file: `${base}.eml`,
      };
      await write(join(options.dir, `${base}.eml`), info.message);
      await write(join(options.dir, `${base}.json`), JSON.stringify(summary, null, 2));
    },
    async close() {
      composer.close();
    },
  };
}

/** SMTP when a URL is configured, the outbox folder otherwise. */
export function createMailTransport(options: { smtpUrl?: string | undefined; outboxDir: string; from: string }): Promise<MailTransport> {
  return options.smtpUrl ? smtpTransport({ url: options.smtpUrl, from: options.from }) : fileTransport({ dir: options.outboxDir, from: options.from });
}
