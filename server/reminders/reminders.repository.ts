/**
 * @module
 * Who still owes readings, for the reading reminders, and the idempotency keys that make each
 * reminder reach a person once. Plain functions taking the tenant's transaction first.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { NotificationKind } from '../db/types.ts';
import { PLACEHOLDER, type ReminderTemplates } from './reminder-templates.ts';

export interface RecipientQuery {
  tenantId: string;
  kind: NotificationKind;
  period: string;
  /** The period's last day ('YYYY-MM-DD'): a meter owes the period when in place then. */
  periodEnd: string;
  /** The one building of a building override; null for the premises following the tenant's window. */
  buildingId: string | null;
  /** With buildingId null: the buildings that follow an override of their own instead. */
  otherBuildings: readonly string[];
  /** Grants that expired by then give no reminders. */
  now: Date;
  afterUserId: string | null;
  limit: number;
}

export interface QueuedBatch {
  /** People found in this batch (those whose key was taken already included). */
  found: number;
  /** Messages queued (people whose key was free). */
  queued: number;
  /** The last person's id, to go on after; null when the batch was not full (no one is left). */
  last: string | null;
}

const escapeHtmlSql = (text: RawBuilder<unknown>) =>
  sql`replace(replace(replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;

/** Joins premise lines in SQL; a character no line holds (controls never reach a label) marks the seams. */
const SEAM = '\u0001';

/**
 * One batch of a reading reminder, in one statement: the next people (by id, after
 * `afterUserId`) who may submit readings for premises in scope (owner, proxy, or member with the
 * `readings` right, on a grant that has not expired), have reading reminders on, still owe a
 * reading of the period for at least one meter, and have not been sent this reminder yet; their
 * idempotency keys (`notifications`: person, kind, period) taken; and for each person whose key
 * was free, the message in the mail outbox, made from the language's template
 * (reminder-templates.ts) with the person's name, the premises and meters they owe, and their
 * unsubscribe token put in. A key held already (sent before, or by a run committing at this
 * moment, whose insert this one waits for) queues nothing. Nothing per person passes through
 * JavaScript.
 */
export async function queueReminders(
  trx: Tx,
  query: RecipientQuery,
  made: ReminderTemplates,
  token: (userId: RawBuilder<unknown>) => RawBuilder<string>,
): Promise<QueuedBatch> {
  const { tenantId, period, periodEnd } = query;
  const scope =
    query.buildingId !== null
      ? sql`and p.building_id = ${query.buildingId}`
      : query.otherBuildings.length > 0
        ? sql`and p.building_id not in (${sql.join(query.otherBuildings.map((id) => sql`${id}`))})`
        : sql``;
  // premiseLines (texts/reminder-lines.ts): "<label>: <kind> (nr. <serial>, <location>); …", a line per premise.
  const meterName = sql`coalesce(${JSON.stringify(made.meterKinds)}::jsonb -> u.language ->> m.kind, m.kind)
    || ' (nr. ' || m.serial_number || case when m.location <> '' then ', ' || m.location else '' end || ')'`;
  const { rows } = await sql<{ found: number | string; queued: number | string; last: string | null }>`
    with people as (
      select u.id, u.email, u.language, regexp_replace(u.name, '^\\s+|\\s+$', '', 'g') as name, owed.lines
      from users u
      cross join lateral (
        select array_agg(line order by label, premise_id) as lines
        from (
          select p.label, p.id as premise_id, p.label || ': ' || string_agg(${meterName}, '; ' order by m.kind, m.serial_number) as line
          from grants g
          join premises p on p.id = g.premise_id
          join meters m on m.premise_id = p.id
          where g.user_id = u.id and g.tenant_id = ${tenantId} and p.tenant_id = ${tenantId} and m.tenant_id = ${tenantId}
            and (g.role in ('owner', 'proxy') or 'readings' = any(g.rights))
            and (g.expires_at is null or g.expires_at > ${query.now})
            ${scope}
            and (m.installed_at is null or m.installed_at <= ${periodEnd})
            and (m.removed_at is null or m.removed_at > ${periodEnd})
            and not exists (
              select 1 from readings r where r.tenant_id = ${tenantId} and r.meter_id = m.id and r.period = ${period} and r.is_current
            )
          group by p.id, p.label
        ) per_premise
      ) owed
      -- The person's key, looked up by the whole primary key for each person. Not as NOT EXISTS:
      -- the planner, whose statistics saw no keys of the period yet, joined that against all of the
      -- period's keys for every person, so each batch compared every key taken so far (quadratic).
      left join lateral (
        select true as taken from notifications n
        where n.tenant_id = ${tenantId} and n.kind = ${query.kind} and n.occasion = ${period} and n.user_id = u.id
        limit 1
      ) sent on true
      where u.tenant_id = ${tenantId}
        ${query.afterUserId ? sql`and u.id > ${query.afterUserId}` : sql``}
        and u.status = 'active' and lower(u.email) not like '%.invalid'
        and coalesce(u.email_preferences ->> 'readingReminders', 'true') <> 'false'
        and owed.lines is not null
        and sent.taken is null
      order by u.id
      limit ${query.limit}
    ),
    claimed as (
      insert into notifications (tenant_id, user_id, kind, occasion)
      select ${tenantId}, id, ${query.kind}, ${period} from people
      on conflict do nothing
      returning user_id
    ),
    queued as (
      insert into email_outbox (tenant_id, recipient, subject, text_body, html_body, headers, template)
      select ${tenantId}, pe.email, t.subject,
             replace(replace(replace(t.text_body, ${PLACEHOLDER.name}, pe.name),
                     ${PLACEHOLDER.lines}, array_to_string(pe.lines, t.text_separator)),
                     ${PLACEHOLDER.token}, pe.token),
             replace(replace(replace(t.html_body, ${PLACEHOLDER.name}, ${escapeHtmlSql(sql`pe.name`)}),
                     ${PLACEHOLDER.lines}, replace(${escapeHtmlSql(sql`array_to_string(pe.lines, ${SEAM})`)}, ${SEAM}, t.html_separator)),
                     ${PLACEHOLDER.token}, pe.token),
             replace(t.headers, ${PLACEHOLDER.token}, pe.token)::jsonb,
             ${`reminder_${query.kind}`}
      from (select pe.*, ${token(sql`pe.id`)} as token from people pe join claimed c on c.user_id = pe.id) pe
      join jsonb_to_recordset(${JSON.stringify(made.templates)}::jsonb)
        as t(language text, named boolean, subject text, text_body text, html_body text, headers text, text_separator text, html_separator text)
        on t.language = pe.language and t.named = (pe.name <> '')
      returning 1
    )
    select (select count(*) from people) as found, (select count(*) from queued) as queued,
           (select id::text from people order by id desc limit 1) as last`.execute(trx);
  const row = rows[0]!;
  const found = Number(row.found);
  return { found, queued: Number(row.queued), last: found === query.limit ? row.last : null };
}

/**
 * Takes the idempotency keys (person, kind, occasion) of the people given; answers the people
 * whose key was free, who are the ones to send to. A key held already (sent before, or by a run
 * committing at this moment, whose insert this one waits for) is skipped.
 */
export async function claimNotifications(trx: Tx, tenantId: string, kind: NotificationKind, occasion: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await trx
    .insertInto('notifications')
    .values(userIds.map((user_id) => ({ tenant_id: tenantId, user_id, kind, occasion })))
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .execute();
  return new Set(rows.map((row) => row.user_id));
}
