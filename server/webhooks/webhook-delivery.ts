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
import type { JobHandler } from '../jobs/job-runner.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import { WEBHOOK_DELIVERY_KIND } from './webhook-events.ts';
import { postWebhook, type Resolver } from './webhook-request.ts';
import { deliveryToSend, recordAttempt } from './webhooks.repository.ts';

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
}

export function webhookDeliveryHandlers(options: WebhookDeliveryOptions): Record<string, JobHandler> {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const deliver: JobHandler = async (job) => {
    const tenantId = job.tenant_id!;
    const deliveryId = String(job.payload.deliveryId);
    const delivery = await options.database.withTenant(tenantId, (trx) => deliveryToSend(trx, tenantId, deliveryId));
    // Deleted with its endpoint, already delivered (a run again after a crash), or switched off.
    if (!delivery) return { result: { skipped: 'endpoint_deleted' } };
    if (delivery.status !== 'pending') return { result: { skipped: delivery.status } };
    const replay = job.payload.replay !== undefined;
    const started = Date.now();
    const record = (status: 'pending' | 'delivered' | 'failed', statusCode: number | null, error: string | null) =>
      options.database.withTenant(tenantId, (trx) =>
        recordAttempt(trx, tenantId, deliveryId, { status, statusCode, error, at: new Date(started), durationMs: Date.now() - started, replay }),
      );
    if (!delivery.enabled) {
      await record('failed', null, 'endpoint_disabled');
      return { result: { skipped: 'endpoint_disabled' } };
    }
    const secret = options.secretBox.open(delivery.secret_encrypted, endpointSecretBinding(tenantId, delivery.endpoint_id));
    if (secret === undefined) {
      await record('failed', null, 'secret_unreadable');
      throw Object.assign(new Error('the endpoint secret does not decrypt (another DOORSTEP_ENCRYPTION_KEY?)'), { permanent: true });
    }
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
    const { statusCode, error } = await postWebhook(delivery.url, headers, body, {
      timeoutMs,
      allowLocalHttp: options.allowLocalHttp === true,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    });
    if (error === null) {
      await record('delivered', statusCode, null);
      return { result: { delivered: statusCode } };
    }
    await record(job.attempts >= job.max_attempts ? 'failed' : 'pending', statusCode, error);
    throw new Error(`webhook delivery failed: ${error}`);
  };
  return { [WEBHOOK_DELIVERY_KIND]: deliver };
}
