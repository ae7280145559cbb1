import { describe, expect, test } from 'vitest';
import { checkNoticeDraft, compareForFeed, isNoticeLive, isPinned, noticeReaches, type NoticeDraft } from '../../server/notices/notice-rules.ts';

const at = (iso: string) => new Date(iso);
const now = at('2026-05-20T09:00:00Z');

describe('live and pinned', () => {
  test('a notice shows from its publish time (inclusive) until its expiry (exclusive)', () => {
    expect(isNoticeLive({ publishAt: now, expiresAt: null }, now)).toBe(true);
    expect(isNoticeLive({ publishAt: at('2026-05-20T09:00:01Z'), expiresAt: null }, now)).toBe(false);
    expect(isNoticeLive({ publishAt: at('2026-05-01T00:00:00Z'), expiresAt: now }, now)).toBe(false);
    expect(isNoticeLive({ publishAt: at('2026-05-01T00:00:00Z'), expiresAt: at('2026-05-20T09:00:01Z') }, now)).toBe(true);
  });

  test('only a live urgent notice is pinned', () => {
    const urgent = { kind: 'urgent' as const, publishAt: at('2026-05-19T00:00:00Z'), expiresAt: at('2026-05-21T00:00:00Z') };
    expect(isPinned(urgent, now)).toBe(true);
    expect(isPinned({ ...urgent, kind: 'normal' }, now)).toBe(false);
    expect(isPinned({ ...urgent, expiresAt: at('2026-05-20T08:00:00Z') }, now)).toBe(false);
  });

  test('the feed: pinned first, then newest first, then by id', () => {
    const notice = (id: string, kind: 'normal' | 'urgent', publishAt: string) => ({ id, kind, publishAt: at(publishAt), expiresAt: kind === 'urgent' ? at('2026-06-01T00:00:00Z') : null });
    const sorted = [
      notice('b', 'normal', '2026-05-19T00:00:00Z'),
      notice('c', 'urgent', '2026-05-01T00:00:00Z'),
      notice('a', 'normal', '2026-05-19T00:00:00Z'),
      notice('d', 'normal', '2026-05-20T00:00:00Z'),
    ].sort((x, y) => compareForFeed(x, y, now));
    expect(sorted.map((n) => n.id)).toEqual(['c', 'd', 'a', 'b']);
  });
});

describe('targeting', () => {
  const premise = { id: 'p1', buildingId: 'b1' };
  test.each([
    [{ audience: 'tenant' as const, buildingIds: [], premiseIds: [] }, true],
    [{ audience: 'buildings' as const, buildingIds: ['b2', 'b1'], premiseIds: [] }, true],
    [{ audience: 'buildings' as const, buildingIds: ['b2'], premiseIds: [] }, false],
    [{ audience: 'premises' as const, buildingIds: [], premiseIds: ['p1'] }, true],
    [{ audience: 'premises' as const, buildingIds: [], premiseIds: ['p2'] }, false],
    // A premise id is never read as a building id or the other way round.
    [{ audience: 'premises' as const, buildingIds: [], premiseIds: ['b1'] }, false],
  ])('%o reaches p1 in b1: %s', (address, expected) => {
    expect(noticeReaches(address, premise)).toBe(expected);
  });
});

describe('publishing', () => {
  const draft = (extra: Partial<NoticeDraft> = {}): NoticeDraft => ({
    title: 'Ūdens piegādes pārtraukums',
    body: 'Rīt no 9 līdz 15.',
    kind: 'normal',
    audience: 'tenant',
    buildingIds: [],
    premiseIds: [],
    publishAt: now,
    expiresAt: null,
    ...extra,
  });

  test('a complete notice passes', () => {
    expect(checkNoticeDraft(draft())).toEqual({});
    expect(checkNoticeDraft(draft({ kind: 'urgent', expiresAt: at('2026-05-21T00:00:00Z') }))).toEqual({});
  });

  test('urgent needs an expiry after the publish time', () => {
    expect(checkNoticeDraft(draft({ kind: 'urgent' }))).toEqual({ expiresAt: 'urgent_needs_expiry' });
    expect(checkNoticeDraft(draft({ expiresAt: now }))).toEqual({ expiresAt: 'expiry_before_publish' });
  });

  test('the audience needs its targets, and only its own kind', () => {
    expect(checkNoticeDraft(draft({ audience: 'buildings' }))).toEqual({ buildingIds: 'required' });
    expect(checkNoticeDraft(draft({ audience: 'premises' }))).toEqual({ premiseIds: 'required' });
    expect(checkNoticeDraft(draft({ audience: 'premises', premiseIds: ['p'], buildingIds: ['b'] }))).toEqual({ buildingIds: 'not_for_this_audience' });
  });

  test('title and body are required and bounded', () => {
    expect(checkNoticeDraft(draft({ title: '  ', body: '' }))).toEqual({ title: 'required', body: 'required' });
    expect(checkNoticeDraft(draft({ title: 'x'.repeat(201), body: 'y'.repeat(20_001) }))).toEqual({ title: 'too_long', body: 'too_long' });
  });
});
