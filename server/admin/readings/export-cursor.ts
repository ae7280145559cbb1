/**
 * @module
 * The cursor of incremental exports (`GET /admin/readings/export?since=…`, answered in the
 * `Doorstep-Next-Cursor` header): a Postgres snapshot, opaque to the client.
 *
 * Why a snapshot. "Everything submitted after my last pull" sounds like `id > last` or
 * `submitted_at > last`, but both hand out their order before the transaction commits: a
 * submission that drew number 41 and commits after the pull that saw 42 is skipped for ever. A
 * settle lag (only rows older than N seconds) only makes that rarer. What a pull actually saw is
 * its snapshot, which Postgres defines by commits: `xmin:xmax:xip…` says which transactions were
 * finished. Each reading row records the transaction that wrote it (`readings.written_xid`,
 * migration 0006), and a pull in snapshot S after cursor P returns the rows visible in S and not
 * visible in P. Each committed row is visible in every snapshot from its commit on, so across
 * consecutive pulls each row lands in exactly one: the first whose snapshot sees it.
 *
 * Caveats (docs/api-admin/readings.md): xid8 never wraps, but a database restored from a logical
 * dump (pg_dump) starts a new transaction counter, so a cursor from before a restore must be
 * dropped for one full pull (`since=0`); pg_upgrade and physical replicas keep the counter.
 */

/** Where a pull starts: the beginning (`since=0`), or after a previous pull's snapshot. */
export type SinceCursor = { kind: 'start' } | { kind: 'snapshot'; snapshot: string };

/** A pg_snapshot's text: xmin:xmax:xip,xip,… (xids as decimal, xmin ≤ xip < xmax). */
const SNAPSHOT = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20})*)?$/;
const PREFIX = 's1:';
/** Cursors are short unless thousands of transactions were running at once. */
export const MAX_CURSOR_LENGTH = 8000;

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The cursor to hand out for a pull that ran in `snapshot` (pg_current_snapshot()::text). */
export function cursorOf(snapshot: string): string {
  if (!isSnapshot(snapshot)) throw new Error(`not a snapshot: ${snapshot}`);
  return toBase64Url(PREFIX + snapshot);
}

/** The `since` parameter read back; undefined for anything we did not make. */
export function parseSince(text: string): SinceCursor | undefined {
  if (text === '0') return { kind: 'start' };
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let decoded = '';
  try {
    decoded = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  if (!decoded.startsWith(PREFIX)) return undefined;
  const snapshot = decoded.slice(PREFIX.length);
  return isSnapshot(snapshot) ? { kind: 'snapshot', snapshot } : undefined;
}

/** Shaped like a snapshot Postgres would accept: xmin ≤ every xip < xmax, all within xid8. */
function isSnapshot(text: string): boolean {
  const match = SNAPSHOT.exec(text);
  if (!match) return false;
  const xmin = BigInt(match[1]!);
  const xmax = BigInt(match[2]!);
  const xips = match[3] ? match[3].split(',').map(BigInt) : [];
  const limit = 2n ** 63n;
  return xmin >= 1n && xmin <= xmax && xmax < limit && xips.every((xip) => xip >= xmin && xip < xmax);
}
