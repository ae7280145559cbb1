import { describe, expect, test } from 'vitest';
import { contentDisposition } from '../../server/files/download.ts';
import { checkUpload, DEFAULT_MAX_UPLOAD_BYTES, safeFileName } from '../../server/files/upload-policy.ts';
import { shouldEmailReply, statusAfterMessage } from '../../server/threads/thread-rules.ts';

const bytes = (...values: Array<number | string>) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((ch) => ch.charCodeAt(0)) : [v])));

describe('upload policy', () => {
  test.each([
    ['scan.pdf', bytes('%PDF-1.7'), 'application/pdf'],
    ['FOTO.JPG', bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['photo.jpeg', bytes(0xff, 0xd8, 0xff, 0xe1), 'image/jpeg'],
    ['plan.png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a), 'image/png'],
    ['pic.webp', bytes('RIFF', 0, 0, 0, 0, 'WEBP'), 'image/webp'],
    ['iphone.heic', bytes(0, 0, 0, 24, 'ftypheic'), 'image/heic'],
    ['letter.docx', bytes('PK', 3, 4), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['table.xlsx', bytes('PK', 3, 4), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['old.doc', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'application/msword'],
  ])('accepts %s as %s', (fileName, head, contentType) => {
    expect(checkUpload({ fileName, size: 1000, head })).toEqual({ ok: true, contentType, fileName });
  });

  test.each([
    ['page.html', bytes('<html>')],
    ['fake.pdf', bytes('<html>')],
    ['pdf-as.png', bytes('%PDF-1.7')],
    ['archive.zip', bytes('PK', 3, 4)],
    ['image.svg', bytes('<svg xmlns')],
    ['noextension', bytes('%PDF-1.7')],
    ['short.pdf', bytes('%PD')],
  ])('refuses %s', (fileName, head) => {
    expect(checkUpload({ fileName, size: 1000, head })).toEqual({ ok: false, code: 'file_type_not_allowed' });
  });

  test('size: at most the limit, not empty', () => {
    const head = bytes('%PDF-1.7');
    expect(checkUpload({ fileName: 'a.pdf', size: DEFAULT_MAX_UPLOAD_BYTES, head }).ok).toBe(true);
    expect(checkUpload({ fileName: 'a.pdf', size: DEFAULT_MAX_UPLOAD_BYTES + 1, head })).toEqual({ ok: false, code: 'file_too_large' });
    expect(checkUpload({ fileName: 'a.pdf', size: 30 * 1024 * 1024, head, maxBytes: 50 * 1024 * 1024 }).ok).toBe(true);
    expect(checkUpload({ fileName: 'a.pdf', size: 0, head })).toEqual({ ok: false, code: 'file_empty' });
  });

  test('file names lose paths, control characters and quotes, keep letters and the extension', () => {
    expect(safeFileName('C:\\Users\\Anna\\Tāme "2026".pdf')).toBe('Tāme 2026.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a\r\nb\u0000.pdf')).toBe('ab.pdf');
    expect(safeFileName('...hidden.pdf')).toBe('hidden.pdf');
    expect(safeFileName('')).toBe('file');
    const long = safeFileName(`${'я'.repeat(500)}.pdf`);
    expect(long).toHaveLength(180);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  test('Content-Disposition is ASCII with the real name percent-encoded', () => {
    expect(contentDisposition('Счёт №5 (май).pdf')).toBe(
      `attachment; filename="____ No5 (___).pdf"; filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82%20%E2%84%965%20%28%D0%BC%D0%B0%D0%B9%29.pdf`,
    );
    expect(contentDisposition('Tāme "x".pdf')).toBe(`attachment; filename="Tame _x_.pdf"; filename*=UTF-8''T%C4%81me%20%22x%22.pdf`);
    expect(contentDisposition('plain.pdf')).toBe(`attachment; filename="plain.pdf"; filename*=UTF-8''plain.pdf`);
  });
});

describe('thread rules', () => {
  test('status follows who wrote last; a closed thread takes no resident message', () => {
    expect(statusAfterMessage('open', 'manager')).toEqual({ ok: true, status: 'answered' });
    expect(statusAfterMessage('answered', 'resident')).toEqual({ ok: true, status: 'open' });
    expect(statusAfterMessage('open', 'manager', { close: true })).toEqual({ ok: true, status: 'closed' });
    expect(statusAfterMessage('closed', 'resident')).toEqual({ ok: false, code: 'thread_closed' });
    expect(statusAfterMessage('closed', 'manager')).toEqual({ ok: true, status: 'answered' });
  });

  test('the reply email goes only when the thread and the account both want it', () => {
    const active = { status: 'active' as const, emailPreferences: {} };
    expect(shouldEmailReply({ notifyByEmail: true }, active)).toBe(true);
    expect(shouldEmailReply({ notifyByEmail: false }, active)).toBe(false);
    expect(shouldEmailReply({ notifyByEmail: true }, { ...active, emailPreferences: { managerReplies: false } })).toBe(false);
    expect(shouldEmailReply({ notifyByEmail: true }, { ...active, emailPreferences: { managerReplies: true } })).toBe(true);
    expect(shouldEmailReply({ notifyByEmail: true }, { ...active, status: 'disabled' })).toBe(false);
    expect(shouldEmailReply({ notifyByEmail: true }, undefined)).toBe(false);
  });
});
