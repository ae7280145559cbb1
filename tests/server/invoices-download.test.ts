/**
 * Small pure pieces of the invoices routes: the download header and the keyset cursor.
 */
import { describe, expect, test } from 'vitest';
import { asciiFileName, contentDisposition, safeFileName } from '../../server/invoices/content-disposition.ts';
import { decodeCursor, encodeCursor, isIsoDate } from '../../server/invoices/pagination.ts';

describe('Content-Disposition', () => {
  test('an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 8187)', () => {
    expect(contentDisposition('attachment', 'Rēķins R-2026-04-111.pdf')).toBe(
      `attachment; filename="Rekins R-2026-04-111.pdf"; filename*=UTF-8''R%C4%93%C4%B7ins%20R-2026-04-111.pdf`,
    );
  });

  test('every Latvian letter has a plain fallback; Cyrillic is dropped', () => {
    expect(asciiFileName('āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ.pdf')).toBe('acegiklnsuz ACEGIKLNSUZ.pdf');
    expect(asciiFileName('Счёт 5.pdf')).toBe('5.pdf');
    expect(asciiFileName('Счёт.pdf')).toBe('download.pdf');
  });

  test('quotes, path separators, control characters and semicolons cannot break out', () => {
    const header = contentDisposition('attachment', 'a"; filename=evil.exe\r\n/../b\\c.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).not.toContain('/');
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('')).toBe('download');
  });

  test('characters RFC 8187 does not allow raw are percent-encoded', () => {
    expect(contentDisposition('inline', "it's (1).pdf")).toContain(`filename*=UTF-8''it%27s%20%281%29.pdf`);
  });
});

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
