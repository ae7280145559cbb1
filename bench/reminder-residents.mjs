/**
 * @module
 * Many residents who owe readings, made in one SQL script for a tenant that exists (the demo's):
 * one building per 100 flats, each flat with one owner (languages lv/en/ru in turn) and a
 * cold-water meter without a reading. The reminders bench and the scheduler's crash test use it.
 * Emails are `r<i>@<domain>`, so the tests know whom to expect.
 */

/** The SQL that adds `count` such residents to the tenant `slug`. */
export function reminderResidentsSql(slug, count, domain = 'reminders.example') {
  return `
do $$
declare t uuid := (select id from tenants where slug = '${slug}');
begin
  insert into buildings (id, tenant_id, address, city)
    select ('00000000-0000-4000-a000-' || lpad(to_hex(b), 12, '0'))::uuid, t, 'Bench iela ' || b, 'Ogre'
    from generate_series(1, ${Math.ceil(count / 100)}) b;
  insert into users (id, tenant_id, email, name, language, status, email_preferences)
    select ('00000000-0000-4000-b000-' || lpad(to_hex(i), 12, '0'))::uuid, t, 'r' || i || '@${domain}', 'Resident ' || i,
           (array['lv','en','ru'])[1 + i % 3], 'active', '{}'
    from generate_series(1, ${count}) i;
  insert into premises (id, tenant_id, building_id, label, account_number)
    select ('00000000-0000-4000-c000-' || lpad(to_hex(i), 12, '0'))::uuid, t,
           ('00000000-0000-4000-a000-' || lpad(to_hex(1 + (i - 1) / 100), 12, '0'))::uuid, 'Bench iela ' || (1 + (i - 1) / 100) || '-' || i, 'B' || i
    from generate_series(1, ${count}) i;
  insert into grants (tenant_id, user_id, premise_id, role)
    select t, ('00000000-0000-4000-b000-' || lpad(to_hex(i), 12, '0'))::uuid, ('00000000-0000-4000-c000-' || lpad(to_hex(i), 12, '0'))::uuid, 'owner'
    from generate_series(1, ${count}) i;
  insert into meters (tenant_id, premise_id, kind, serial_number, location)
    select t, ('00000000-0000-4000-c000-' || lpad(to_hex(i), 12, '0'))::uuid, 'cold_water', 'BN-' || i, 'Virtuve'
    from generate_series(1, ${count}) i;
end $$;`;
}
