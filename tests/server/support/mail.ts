/**
 * @module
 * A real SMTP server for the mail tests (smtp-server, in-process, on a free loopback port) that
 * parses what arrives (mailparser), can be stopped and started again on the same port, and can
 * refuse chosen recipients; plus an outbox worker wired to it and helpers that read links out of
 * received mail, as a resident would.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { DatabaseHandle } from '../../../server/db/database.ts';
import { createLogger } from '../../../server/http/logger.ts';
import { smtpTransport, type MailTransport } from '../../../server/mail/transport.ts';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../../../server/mail/worker.ts';
import { duringJob } from './plan-guard.ts';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: string;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Recipients (lower-case) answered with 550 at RCPT TO. */
  rejectRecipients: Set<string>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when `count` messages have arrived in total. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  to(address: string): ReceivedMail[];
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const rejectRecipients = new Set<string>();
  let server: SMTPServer | undefined;
  let port = 0;

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      closeTimeout: 50,
      logger: false,
      onRcptTo(address, _session, callback) {
        if (rejectRecipients.has(address.address.toLowerCase())) {
          const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              received.push({
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  to: session.envelope.rcptTo.map((r) => r.address),
                },
                parsed,
                raw: raw.toString('utf8'),
              });
              callback();
            })
            .catch(callback);
        });
      },
    });

  const api: TestSmtpServer = {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    rejectRecipients,
    async start() {
      if (server) return;
      server = create();
      // A client killed mid-conversation (the kill -9 tests) resets its socket: that is the test, not a fault.
      server.on('error', () => {});
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
      port = (server.server.address() as { port: number }).port;
    },
    async stop() {
      const current = server;
      server = undefined;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async waitForCount(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    to(address) {
      return received.filter((m) => m.envelope.to.some((to) => to.toLowerCase() === address.toLowerCase()));
    },
  };
  await api.start();
  return api;
}

export interface MailRig {
  smtp: TestSmtpServer;
  transport: MailTransport;
  worker: OutboxWorker;
  /** Sends everything due and returns what arrived since the last call. */
  deliver(): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function createMailRig(database: DatabaseHandle, options: Partial<OutboxWorkerOptions> = {}): Promise<MailRig> {
  const smtp = await startSmtpServer();
  const transport = await smtpTransport({ url: smtp.url, from: 'Doorstep <no-reply@doorstep.test>', timeoutSeconds: 5 });
  const worker = createOutboxWorker({ database, transport, logger: createLogger('silent'), ...options });
  let seen = 0;
  return {
    smtp,
    transport,
    worker,
    async deliver() {
      await duringJob('outbox worker', () => worker.drain());
      const fresh = smtp.received.slice(seen);
      seen = smtp.received.length;
      return fresh;
    },
    async close() {
      await worker.stop();
      await transport.close();
      await smtp.stop();
    },
  };
}

/** The token of the first `#token=…` link in a message's text (and the same link is in its HTML). */
export function tokenFrom(mail: ReceivedMail): string {
  const text = mail.parsed.text ?? '';
  const match = /#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no token link in: ${text}`);
  if (!(typeof mail.parsed.html === 'string' && mail.parsed.html.includes(`token=${match[1]}`))) throw new Error('the HTML part lacks the link');
  return match[1]!;
}

export function linkFrom(mail: ReceivedMail): URL {
  const match = /https?:\/\/\S+#token=[A-Za-z0-9_-]+\S*/.exec(mail.parsed.text ?? '');
  if (!match) throw new Error('no link');
  return new URL(match[0]);
}
