/**
 * The keyset cursor of the invoice list: opaque, URL-safe, and refused unless this server made it.
 */
import { describe, expect, test } from 'vitest';
import { decodeCursor, encodeCursor, isIsoDate } from '../../server/invoices/pagination.ts';

describe('cursor', () => {
  const id = '3f1c2b9e-8a7d-4e6f-9b0a-1c2d3e4f5a6b';

  test('round-trips and is URL-safe', () => {
    const cursor = encodeCursor({ issueDate: '2026-05-05', id });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual({ issueDate: '2026-05-05', id });
  });

  test('refuses anything this server did not make', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    for (const bad of ['', '!!!', b64('2026-05-05'), b64(`2026-13-01|${id}`), b64(`2026-02-29|${id}`), b64(`2026-05-05|${id}|x`), b64(`2026-05-05|${id.slice(1)}`), 'A'.repeat(101), b64('\u0000|\u0000')]) {
      expect(decodeCursor(bad), bad).toBeNull();
    }
  });

  test('isIsoDate knows the calendar', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('2026-1-1')).toBe(false);
  });
});
