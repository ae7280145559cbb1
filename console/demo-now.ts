/**
 * @module
 * The demo's frozen clock for the console, like the resident demo page's: `?now=2026-05-30T10:00`
 * (Riga wall-clock time, or an ISO time with its offset) makes every call carry that moment as
 * `X-Doorstep-Now`, which the server honours in demo mode only (and ignores elsewhere), and makes
 * the console's "this month" that moment's month. TOTP codes keep the real time: the phone's.
 */
const PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(Z|[+-]\d{2}:\d{2})?$/;

/** Riga's offset from UTC in minutes at the instant `utcMillis`. */
function rigaOffsetMinutes(utcMillis: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Riga', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(utcMillis));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(utcMillis / 60_000) * 60_000) / 60_000);
}

export interface DemoNow {
  /** The ISO time sent as X-Doorstep-Now. */
  iso: string;
  /** The month of that moment in Riga, `YYYY-MM`. */
  month: string;
}

/** The moment `?now=` asks for, or undefined when there is none or it is not a time. */
export function demoNowFrom(search: string): DemoNow | undefined {
  const requested = new URLSearchParams(search).get('now');
  const match = requested ? PATTERN.exec(requested) : null;
  if (!match) return undefined;
  const local = `${match[1]}T${match[2]}${match[3] ?? ':00'}`;
  const naive = Date.parse(`${local}Z`);
  if (Number.isNaN(naive)) return undefined;
  if (match[4]) return { iso: `${local}${match[4]}`, month: match[1]!.slice(0, 7) };
  const offset = rigaOffsetMinutes(naive - rigaOffsetMinutes(naive) * 60_000);
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { iso: `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`, month: match[1]!.slice(0, 7) };
}
