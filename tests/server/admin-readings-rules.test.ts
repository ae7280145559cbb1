/**
 * The pure rules of the manager's reading windows and exports: which moved windows are refused,
 * which override applies to a building's premises, and the export cursor's shape.
 */
import { describe, expect, test } from 'vitest';
import { cursorOf, parseSince } from '../../server/admin/readings/export-cursor.ts';
import { MAX_WINDOW_DAYS, neighbourPeriods, refuseOverride } from '../../server/admin/readings/window-override-rules.ts';
import { DEFAULT_WINDOW_RULE, overridesFor, windowOfPeriod, type ScopedWindowOverride } from '../../server/readings/window.ts';

const ZONE = 'Europe/Riga';
const at = (iso: string) => new Date(iso);
const rule = (period: string) => ({ ...windowOfPeriod(DEFAULT_WINDOW_RULE, period, ZONE), building: null });
const context = (neighbours = neighbourPeriods('2026-05').map(rule)) => ({ currentPeriod: '2026-06', timeZone: ZONE, neighbours });
const refusal = (opensAt: string, closesAt: string, period = '2026-05', ctx = context()) =>
  refuseOverride({ period, opensAt: at(opensAt), closesAt: at(closesAt) }, ctx)?.code ?? null;

describe('a moved window', () => {
  test('may extend its period over the next days', () => {
    expect(refusal('2026-05-29T21:00:00Z', '2026-06-05T21:00:00Z')).toBeNull();
  });

  test('must close after it opens', () => {
    expect(refusal('2026-05-29T21:00:00Z', '2026-05-29T21:00:00Z')).toBe('window_closes_before_opens');
    expect(refusal('2026-05-29T21:00:00Z', '2026-05-29T20:59:59Z')).toBe('window_closes_before_opens');
  });

  test(`lasts at most ${MAX_WINDOW_DAYS} days, to the millisecond`, () => {
    const opens = at('2026-05-10T00:00:00Z');
    const longest = new Date(opens.getTime() + MAX_WINDOW_DAYS * 86_400_000);
    expect(refuseOverride({ period: '2026-05', opensAt: opens, closesAt: longest }, context([]))).toBeNull();
    expect(refuseOverride({ period: '2026-05', opensAt: opens, closesAt: new Date(longest.getTime() + 1) }, context([]))?.code).toBe('window_too_long');
  });

  test('belongs to a period at most twelve months from now', () => {
    const around = (period: string) => refusal(`${period}-20T00:00:00Z`, `${period}-22T00:00:00Z`, period, context([]));
    expect(around('2025-06')).toBeNull();
    expect(around('2025-05')).toBe('period_too_old');
    expect(around('2027-06')).toBeNull();
    expect(around('2027-07')).toBe('period_too_far_ahead');
  });

  test('may reopen an old period later, but not close before its period begins', () => {
    expect(refusal('2026-09-09T21:00:00Z', '2026-09-11T21:00:00Z', '2026-06', context([]))).toBeNull();
    expect(refusal('2026-05-20T00:00:00Z', '2026-05-31T20:59:59Z', '2026-06', context([]))).toBe('window_before_period');
  });

  test("must not overlap another period's window; touching it is fine", () => {
    // June's rule window opens 2026-06-28T21:00Z.
    expect(refusal('2026-05-29T21:00:00Z', '2026-06-28T21:00:00Z')).toBeNull();
    expect(refusal('2026-05-29T21:00:00Z', '2026-06-28T21:00:01Z')).toBe('window_overlaps');
    // April's closes 2026-05-01T21:00Z.
    expect(refusal('2026-05-01T20:00:00Z', '2026-05-05T00:00:00Z')).toBe('window_overlaps');
    const clash = refuseOverride({ period: '2026-05', opensAt: at('2026-05-29T21:00:00Z'), closesAt: at('2026-07-01T00:00:00Z') }, context());
    expect(clash?.fields).toMatchObject({ other: { period: '2026-06', building: null } });
  });

  test('the neighbours are the three periods on either side', () => {
    expect(neighbourPeriods('2026-01')).toEqual(['2025-10', '2025-11', '2025-12', '2026-02', '2026-03', '2026-04']);
  });
});

describe('which override a building’s premises get', () => {
  const o = (period: string, buildingId: string | null, day: number): ScopedWindowOverride => ({
    period,
    buildingId,
    opensAt: at(`${period}-01T00:00:00Z`),
    closesAt: at(`${period}-${String(day).padStart(2, '0')}T00:00:00Z`),
  });
  const all = [o('2026-05', 'b2', 12), o('2026-05', null, 10), o('2026-05', 'b1', 11), o('2026-06', null, 20), o('2026-07', 'b1', 21)];

  test("the building's own first, the tenant's otherwise, never another building's", () => {
    const days = (buildingId: string | null) =>
      overridesFor(buildingId, all)
        .map((w) => `${w.period}:${w.closesAt.getUTCDate()}`)
        .sort();
    expect(days('b1')).toEqual(['2026-05:11', '2026-06:20', '2026-07:21']);
    expect(days('b2')).toEqual(['2026-05:12', '2026-06:20']);
    expect(days('b3')).toEqual(['2026-05:10', '2026-06:20']);
    expect(days(null)).toEqual(['2026-05:10', '2026-06:20']);
  });
});

describe('the export cursor', () => {
  test('round-trips a snapshot, and 0 means from the beginning', () => {
    for (const snapshot of ['750:750:', '740:760:741,755', '1:9223372036854775807:']) {
      expect(parseSince(cursorOf(snapshot))).toEqual({ kind: 'snapshot', snapshot });
    }
    expect(cursorOf('740:760:741,755')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseSince('0')).toEqual({ kind: 'start' });
  });

  test('refuses anything it did not make', () => {
    const forged = (text: string) => btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    for (const text of ['', '1', 'abc', '!!', 'x'.repeat(9000), forged('750:750:'), forged('s1:750:740:'), forged('s1:750:760:770'), forged("s1:1:2:'; drop"), forged('s1:0:5:'), forged('s1:1:9223372036854775808:')]) {
      expect(parseSince(text), text.slice(0, 40)).toBeUndefined();
    }
  });
});
