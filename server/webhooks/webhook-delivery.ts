/**
 * @module
 * The `webhooks.deliver` job: POSTs one delivery (server/webhooks/webhook-events.ts) to its
 * endpoint, signed as the Standard Webhooks spec says (https://www.standardwebhooks.com/):
 * `webhook-id` (the delivery's id, the same on every attempt, so a receiver drops repeats),
 * `webhook-timestamp` (this attempt's time, Unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the secret after `whsec_`), computed by
 * the spec's own `standardwebhooks` package, which receivers use to verify.
 *
 * A 2xx answer delivers it. Anything else — another status, a redirect (not followed: the manager
 * registered this URL), no answer within 10 s, a host that resolves to a private address
 * (webhook-request.ts) — is recorded as an attempt and thrown, so the job runner retries with its
 * back-off (10 s doubling to an hour, 20 attempts: about a day), then the delivery is `failed`.
 * A manager may replay a delivery by hand (server/admin/webhooks/): the same delivery, the same
 * `webhook-id`, with a job of its own (`{deliveryId, replay: n}`) and the same back-off again. The signing timestamp is the real time even under a frozen demo clock:
 * receivers refuse timestamps more than five minutes from theirs.
 */
import { Webhook } from 'standardwebhooks';
import type { DatabaseHandle } from '../db/database.ts';
import type { ClaimedJob, JobBatchHandler, JobOutcome } from '../jobs/job-runner.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { WEBHOOK_DELIVERY_KIND } from './webhook-events.ts';
import { createWebhookAgents, postWebhook, systemResolver, type Resolver, type WebhookAgents } from './webhook-request.ts';
import { deliveriesToSend, recordAttempts, type NewAttempt } from './webhooks.repository.ts';

export const endpointSecretBinding = (tenantId: string, endpointId: string) => `webhook-endpoint:${tenantId}:${endpointId}`;

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookDeliveryOptions {
  database: DatabaseHandle;
  secretBox: SecretBox;
  timeoutMs?: number;
  /** DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP: deliveries to http://localhost / 127.0.0.1 may connect to loopback. */
  allowLocalHttp?: boolean;
  /** DNS, for tests that need a name resolving to a private address. */
  resolve?: Resolver;
  /** The pooled keep-alive connections (made here when not given; tests pass theirs to close them). */
  agents?: WebhookAgents;
}

type Outcome = JobOutcome | Error;

/**
 * The deliveries of a batch, worked together (the round trips were most of a delivery's cost):
 * per tenant, one transaction reads the batch's deliveries with their endpoints; the POSTs go out
 * `concurrency` at a time over kept-alive connections; per tenant, one transaction records every
 * attempt and each delivery's summary. Only then does the runner close the jobs (the done ones in
 * one statement), so a crash anywhere before leaves the jobs to run again: at least once, with
 * the same `webhook-id`.
 */
export function webhookDeliveryHandlers(options: WebhookDeliveryOptions): Record<string, JobBatchHandler> {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const agents = options.agents ?? createWebhookAgents(options.resolve ?? systemResolver);
  const allowLocalHttp = options.allowLocalHttp === true;

  const batch: JobBatchHandler['batch'] = async (jobs, context) => {
    const outcomes: Outcome[] = new Array(jobs.length);
    const attempts = new Map<string, NewAttempt[]>();
    const record = (tenantId: string, attempt: NewAttempt) => attempts.set(tenantId, [...(attempts.get(tenantId) ?? []), attempt]);
    const byTenant = new Map<string, Array<{ index: number; job: ClaimedJob; deliveryId: string }>>();
    for (const [index, job] of jobs.entries()) {
      const list = byTenant.get(job.tenant_id!) ?? [];
      list.push({ index, job, deliveryId: String(job.payload.deliveryId) });
      byTenant.set(job.tenant_id!, list);
    }
    const sends: Array<() => Promise<void>> = [];
    for (const [tenantId, items] of byTenant) {
      const rows = await options.database.withTenant(tenantId, (trx) => deliveriesToSend(trx, tenantId, [...new Set(items.map((i) => i.deliveryId))]));
      const found = new Map(rows.map((row) => [row.id, row]));
      const secrets = new Map<string, string | undefined>();
      const seen = new Set<string>();
      for (const { index, job, deliveryId } of items) {
        const delivery = found.get(deliveryId);
        // Deleted with its endpoint, already delivered (a run again after a crash), or switched off.
        if (!delivery) {
          outcomes[index] = { result: { skipped: 'endpoint_deleted' } };
          continue;
        }
        if (delivery.status !== 'pending') {
          outcomes[index] = { result: { skipped: delivery.status } };
          continue;
        }
        // A replay's job and another for the same delivery in one batch: the second runs later.
        if (seen.has(deliveryId)) {
          outcomes[index] = new Error('the same delivery twice in one batch');
          continue;
        }
        seen.add(deliveryId);
        const replay = job.payload.replay !== undefined;
        const started = Date.now();
        const attempt = (status: NewAttempt['status'], statusCode: number | null, error: string | null) =>
          record(tenantId, { deliveryId, status, statusCode, error, at: new Date(started), durationMs: Date.now() - started, replay });
        if (!delivery.enabled) {
          attempt('failed', null, 'endpoint_disabled');
          outcomes[index] = { result: { skipped: 'endpoint_disabled' } };
          continue;
        }
        if (!secrets.has(delivery.endpoint_id)) secrets.set(delivery.endpoint_id, options.secretBox.open(delivery.secret_encrypted, endpointSecretBinding(tenantId, delivery.endpoint_id)));
        const secret = secrets.get(delivery.endpoint_id);
        if (secret === undefined) {
          attempt('failed', null, 'secret_unreadable');
          outcomes[index] = Object.assign(new Error('the endpoint secret does not decrypt (another DOORSTEP_ENCRYPTION_KEY?)'), { permanent: true });
          continue;
        }
        sends.push(async () => {
          const body = typeof delivery.payload === 'string' ? delivery.payload : JSON.stringify(delivery.payload);
          const messageId = `msg_${delivery.id}`;
          const sentAt = new Date();
          const signature = new Webhook(secret).sign(messageId, sentAt, body);
          const headers = {
            'content-type': 'application/json',
            'user-agent': 'Doorstep-Webhooks/1',
            'webhook-id': messageId,
            'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'webhook-signature': signature,
          };
          const sendStarted = Date.now();
          const { statusCode, error } = await postWebhook(delivery.url, headers, body, {
            timeoutMs,
            allowLocalHttp,
            ...(options.resolve ? { resolve: options.resolve } : {}),
            agents,
          });
          const at = new Date(sendStarted);
          const durationMs = Date.now() - sendStarted;
          if (error === null) {
            record(tenantId, { deliveryId, status: 'delivered', statusCode, error: null, at, durationMs, replay });
            outcomes[index] = { result: { delivered: statusCode } };
            return;
          }
          record(tenantId, { deliveryId, status: job.attempts >= job.max_attempts ? 'failed' : 'pending', statusCode, error, at, durationMs, replay });
          outcomes[index] = new Error(`webhook delivery failed: ${error}`);
        });
      }
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(context.concurrency, sends.length) }, async () => {
        while (next < sends.length) await sends[next++]!();
      }),
    );
    // Recorded before the runner closes any job: a crash in between sends again, never loses one.
    for (const [tenantId, list] of attempts) await options.database.withTenant(tenantId, (trx) => recordAttempts(trx, tenantId, list));
    return outcomes;
  };
  return { [WEBHOOK_DELIVERY_KIND]: { batch } };
}
