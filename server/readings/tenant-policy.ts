/**
 * @module
 * A tenant's reading policy in one object: its window rule, its time zone and its settings, read
 * from the tenant row. The tenant directory hands out the same row object for a few seconds, so
 * the parsed policy is kept per object and rebuilt when the row is reloaded.
 */
import type { Tenant } from '../db/types.ts';
import type { Logger } from '../http/logger.ts';
import { isKnownTimeZone } from './civil-time.ts';
import { readingSettings, type ReadingSettings } from './reading-settings.ts';
import { readRule, type ReadingWindowRule } from './window.ts';

export interface ReadingPolicy {
  rule: ReadingWindowRule;
  timeZone: string;
  settings: ReadingSettings;
}

const FALLBACK_ZONE = 'Europe/Riga';
const policies = new WeakMap<Tenant, ReadingPolicy>();

export function readingPolicy(tenant: Tenant, log: Logger): ReadingPolicy {
  const cached = policies.get(tenant);
  if (cached) return cached;
  const { rule, valid } = readRule(tenant.reading_window);
  // A broken rule must not stop residents: fall back to the column's default and tell operators.
  if (!valid) log.error('invalid reading window rule; using the default', { tenant: tenant.slug });
  const zoneKnown = isKnownTimeZone(tenant.time_zone);
  if (!zoneKnown) log.error('unknown time zone; using Europe/Riga', { tenant: tenant.slug, timeZone: tenant.time_zone });
  const policy = { rule, timeZone: zoneKnown ? tenant.time_zone : FALLBACK_ZONE, settings: readingSettings(tenant.settings) };
  policies.set(tenant, policy);
  return policy;
}
