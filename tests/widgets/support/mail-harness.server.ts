/**
 * @module
 * The Node side of the mail harness: a whole Doorstep (startDoorstep, the same assembly as
 * `npm start`) with the demo data, in the test runner's process, so a test can see the mail it
 * queues. Bundled by mail-harness.plugin.mjs with esbuild, because the runner's Node process does
 * not load TypeScript.
 */
import { serve } from '@hono/node-server';
import { startDoorstep } from '../../../server/bootstrap.ts';

export interface OutboxMessage {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  template: string;
}

export async function startHarnessServer(env: Record<string, string>) {
  const doorstep = await startDoorstep(env);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch: doorstep.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ server, port: info.port }));
  });
  return {
    api: `http://127.0.0.1:${port}`,
    /** True once the outbox worker (server/mail/worker.ts) is part of startDoorstep: then mail really goes out by SMTP. */
    sendsMail: 'mail' in doorstep,
    /** Queued messages to `to`, newest first, straight from the email_outbox table. */
    async outbox(to: string): Promise<OutboxMessage[]> {
      const rows = await doorstep.database.db
        .selectFrom('email_outbox')
        .select(['recipient', 'subject', 'text_body', 'html_body', 'template'])
        .where('recipient', '=', to)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((r) => ({ to: r.recipient, subject: r.subject, text: r.text_body, html: r.html_body, template: r.template }));
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await doorstep.close();
    },
  };
}
