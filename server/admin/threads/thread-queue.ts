/**
 * @module
 * The order of the manager's inbox, free of HTTP and SQL: threads that wait for an answer come
 * first, the longest-waiting at the top (a resident who asked on Monday is answered before one
 * who asked today); then the answered ones, least recently active first. The cursor of a page
 * holds the last thread's place in that order (its rank, its last activity in microseconds and
 * its id), so paging is stable while new questions arrive: they join where they belong without
 * repeating or skipping a thread already shown.
 */
import { isUuid } from '../../http/ids.ts';
import type { ThreadStatus } from '../../threads/thread-rules.ts';

/** 0: waits for the manager; 1: answered; 2: closed. */
export function queueRank(status: ThreadStatus): number {
  return status === 'open' ? 0 : status === 'answered' ? 1 : 2;
}

export interface QueuePlace {
  rank: number;
  /** Last activity, microseconds since the epoch, as a decimal string (beyond 2^53). */
  activityMicros: string;
  id: string;
}

const encode = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function encodeQueueCursor(place: QueuePlace): string {
  return encode(`${place.rank}.${place.activityMicros}.${place.id}`);
}

/** The place a cursor names; undefined for anything we did not make. */
export function decodeQueueCursor(cursor: string): QueuePlace | undefined {
  let text = '';
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  const match = /^([0-2])\.(-?\d{1,20})\.(.+)$/.exec(text);
  if (!match || !isUuid(match[3]!)) return undefined;
  return { rank: Number(match[1]), activityMicros: match[2]!, id: match[3]!.toLowerCase() };
}
