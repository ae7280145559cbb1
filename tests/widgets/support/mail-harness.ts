/**
 * The browser side of the mail harness (mail-harness.plugin.mjs): a Doorstep with the demo data
 * whose mail a test can read, as a resident reads an email.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export interface HarnessInfo {
  api: string;
  tenant: string;
  /** `smtp`: the server sent the mail to the test's SMTP server; `outbox-table`: read from the queue. */
  delivery: 'smtp' | 'outbox-table';
}

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  source: 'smtp' | 'outbox-table';
}

/** Starts the harness (once per run) and resolves when it is up; the limit only stops a hang. */
export async function mailHarness(limitMs = 180_000): Promise<HarnessInfo> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const answer = await executeServerCommand<HarnessInfo | { pending: true }, undefined>('doorstep-mail-harness');
    if (!('pending' in answer)) return answer;
    if (Date.now() > deadline) throw new Error('the mail harness did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const mailTo = (to: string) => executeServerCommand<ReceivedMail[], { to: string }>('doorstep-mail-to', { to });
