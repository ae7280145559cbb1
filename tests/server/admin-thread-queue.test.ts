/**
 * The order of the manager's inbox and its cursor, without HTTP or SQL.
 */
import { expect, test } from 'vitest';
import { decodeQueueCursor, encodeQueueCursor, queueRank } from '../../server/admin/threads/thread-queue.ts';

test('threads waiting for the manager come first, then answered, then closed', () => {
  expect(['closed', 'open', 'answered'].map((s) => queueRank(s as 'open')).sort()).toEqual([0, 1, 2]);
  expect(queueRank('open')).toBeLessThan(queueRank('answered'));
  expect(queueRank('answered')).toBeLessThan(queueRank('closed'));
});

test('a cursor names its place exactly, microseconds beyond 2^53 included', () => {
  const place = { rank: 1, activityMicros: '1779267600123456', id: '0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3' };
  expect(decodeQueueCursor(encodeQueueCursor(place))).toEqual(place);
  expect(encodeQueueCursor(place)).toMatch(/^[A-Za-z0-9_-]+$/);
});

test.each(['', 'bogus', '!!!', btoa('3.1.0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3'), btoa('0.1.not-a-uuid'), btoa('0.x.0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3')])(
  'a cursor we did not make is refused: %j',
  (cursor) => expect(decodeQueueCursor(cursor)).toBeUndefined(),
);
