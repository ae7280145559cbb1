/**
 * @module
 * Who still owes readings, for the reading reminders, and the idempotency keys that make each
 * reminder reach a person once. Plain functions taking the tenant's transaction first.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { NotificationKind } from '../db/types.ts';
import type { Language } from '../mail/layout.ts';

export interface OwedMeter {
  premiseId: string;
  label: string;
  kind: string;
  serialNumber: string;
  location: string;
}

export interface ReminderRecipient {
  userId: string;
  email: string;
  name: string;
  language: Language;
  meters: OwedMeter[];
}

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
  afterUserId: string | null;
  limit: number;
}

/**
 * The next people (by id, after `afterUserId`) who may submit readings for premises in scope
 * (owner, proxy, or member with the `readings` right), have reading reminders on, still owe a
 * reading of the period for at least one meter, and have not been sent this reminder yet — each
 * with the meters they owe.
 */
export async function reminderRecipients(trx: Tx, query: RecipientQuery): Promise<ReminderRecipient[]> {
  const { tenantId, period, periodEnd } = query;
  const scope =
    query.buildingId !== null
      ? sql`and p.building_id = ${query.buildingId}`
      : query.otherBuildings.length > 0
        ? sql`and p.building_id not in (${sql.join(query.otherBuildings.map((id) => sql`${id}`))})`
        : sql``;
  const { rows } = await sql<{ user_id: string; email: string; name: string; language: Language; meters: OwedMeter[] | string }>`
    select u.id as user_id, u.email, u.name, u.language, owed.meters
    from users u
    cross join lateral (
      select json_agg(json_build_object('premiseId', p.id, 'label', p.label, 'kind', m.kind, 'serialNumber', m.serial_number, 'location', m.location)
                      order by p.label, p.id, m.kind, m.serial_number) as meters
      from grants g
      join premises p on p.id = g.premise_id
      join meters m on m.premise_id = p.id
      where g.user_id = u.id and g.tenant_id = ${tenantId} and p.tenant_id = ${tenantId} and m.tenant_id = ${tenantId}
        and (g.role in ('owner', 'proxy') or 'readings' = any(g.rights))
        ${scope}
        and (m.installed_at is null or m.installed_at <= ${periodEnd})
        and (m.removed_at is null or m.removed_at > ${periodEnd})
        and not exists (
          select 1 from readings r where r.tenant_id = ${tenantId} and r.meter_id = m.id and r.period = ${period} and r.is_current
        )
    ) owed
    where u.tenant_id = ${tenantId}
      ${query.afterUserId ? sql`and u.id > ${query.afterUserId}` : sql``}
      and u.status = 'active' and u.email not like '%.invalid'
      and coalesce(u.email_preferences ->> 'readingReminders', 'true') <> 'false'
      and owed.meters is not null
      and not exists (
        select 1 from notifications n
        where n.tenant_id = ${tenantId} and n.kind = ${query.kind} and n.occasion = ${period} and n.user_id = u.id
      )
    order by u.id
    limit ${query.limit}`.execute(trx);
  return rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    name: row.name,
    language: row.language,
    meters: typeof row.meters === 'string' ? (JSON.parse(row.meters) as OwedMeter[]) : row.meters,
  }));
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
