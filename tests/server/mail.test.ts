import { describe, expect, test } from 'vitest';
import { createTokenKeys } from '../../server/auth/tokens.ts';
import { parseEmailAddress } from '../../server/mail/address.ts';
import { renderEmail, tenantPageUrl } from '../../server/mail/layout.ts';
import { afterSendFailure, DEFAULT_RETRY_POLICY, isPermanentFailure } from '../../server/mail/retry-policy.ts';
import {
  alreadyRegisteredEmail,
  emailChangeConfirmEmail,
  emailChangeNoticeEmail,
  MAIL_TEXTS,
  maskEmail,
  passwordChangedEmail,
  passwordResetEmail,
  registrationConfirmEmail,
} from '../../server/mail/templates.ts';
import { extraHeaders } from '../../server/mail/transport.ts';
import { reminderEmail, signUnsubscribeToken, verifyUnsubscribeToken } from '../../server/mail/unsubscribe.ts';

const tenant = { name: 'Ogres <Namsaimnieks> & Co', settings: { publicUrl: 'https://ogre.example/portals/', colors: { primary: '#0a5c8a' } } };

describe('email addresses', () => {
  test.each([
    ['anna@example.lv', 'anna@example.lv'],
    ['  Anna.Berzina+rekini@Example.LV ', 'anna.berzina+rekini@example.lv'],
    ['janis@piemērs.lv', 'janis@xn--piemrs-s3a.lv'],
    ['ivan@пример.рф', 'ivan@xn--e1afmkfd.xn--p1ai'],
    ["o'brien@example.ie", "o'brien@example.ie"],
  ])('%s is accepted as %s', (raw, normal) => {
    expect(parseEmailAddress(raw)).toEqual({ ok: true, email: normal });
  });

  test.each([
    ['', 'required'],
    ['   ', 'required'],
    [42, 'required'],
    ['anna', 'invalid_format'],
    ['anna@', 'invalid_format'],
    ['@example.lv', 'invalid_format'],
    ['anna@@example.lv', 'invalid_format'],
    ['an na@example.lv', 'invalid_format'],
    ['anna@example.lv\r\nBcc: x@y.lv', 'invalid_format'],
    ['anna\u2028@example.lv', 'invalid_format'],
    ['anna@localhost', 'invalid_format'],
    ['anna@[127.0.0.1]', 'invalid_format'],
    ['anna@-example.lv', 'invalid_format'],
    ['.anna@example.lv', 'invalid_format'],
    ['anna..b@example.lv', 'invalid_format'],
    ['анна@пример.рф', 'unsupported_characters'],
    ['jānis@example.lv', 'unsupported_characters'],
    [`${'a'.repeat(65)}@example.lv`, 'too_long'],
    [`a@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(10)}.lv`, 'too_long'],
    ['x'.repeat(5000), 'too_long'],
  ])('%j is refused as %s', (raw, problem) => {
    expect(parseEmailAddress(raw)).toEqual({ ok: false, problem });
  });
});

describe('layout', () => {
  test('escapes everything inserted into the HTML and keeps the text readable', () => {
    const { html, text } = renderEmail(tenant, {
      heading: '<b>Sveiki</b>',
      paragraphs: ['"quoted" & <script>alert(1)</script>'],
      action: { label: 'Atvērt', url: 'https://ogre.example/?a=1&b="2"' },
      footer: 'Kājene',
      footerLink: { label: 'Atteikties', url: 'https://ogre.example/#token=x&flow=unsubscribe' },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('Ogres &lt;Namsaimnieks&gt; &amp; Co');
    expect(html).toContain('&lt;b&gt;Sveiki&lt;/b&gt;');
    expect(html).toContain('href="https://ogre.example/?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain('background:#0a5c8a');
    expect(html).toContain('href="https://ogre.example/#token=x&amp;flow=unsubscribe"');
    expect(text).toContain('"quoted" & <script>alert(1)</script>');
    expect(text).toContain('Atteikties: https://ogre.example/#token=x&flow=unsubscribe');
  });

  test("a tenant's odd colour or URL falls back instead of breaking its mail", () => {
    const odd = { name: 'X', settings: { colors: { primary: 'red;background:url(evil)' }, publicUrl: 'javascript:alert(1)' } };
    expect(renderEmail(odd, { heading: 'h', paragraphs: [] }).html).not.toContain('evil');
    expect(tenantPageUrl(odd, { token: 'abc' })).toBe('http://localhost:8787/#token=abc');
    expect(tenantPageUrl({ settings: { publicUrl: 'not a url' } }, { token: 'abc' })).toBe('http://localhost:8787/#token=abc');
    expect(tenantPageUrl(tenant, { token: 'a+b/c', flow: 'reset' })).toBe('https://ogre.example/portals/#token=a%2Bb%2Fc&flow=reset');
  });
});

describe('templates', () => {
  const builders = [
    (language: 'lv' | 'en' | 'ru') => registrationConfirmEmail(tenant, { email: 'a@example.lv', language }, 'TOKEN1'),
    (language: 'lv' | 'en' | 'ru') => alreadyRegisteredEmail(tenant, { email: 'a@example.lv', language }),
    (language: 'lv' | 'en' | 'ru') => passwordResetEmail(tenant, { email: 'a@example.lv', name: 'Anna', language }, 'TOKEN2'),
    (language: 'lv' | 'en' | 'ru') => passwordChangedEmail(tenant, { email: 'a@example.lv', language }),
    (language: 'lv' | 'en' | 'ru') => emailChangeConfirmEmail(tenant, { email: 'b@example.lv', language }, 'TOKEN3'),
    (language: 'lv' | 'en' | 'ru') => emailChangeNoticeEmail(tenant, { email: 'a@example.lv', language }, 'newbie@example.com'),
  ];

  test('every template exists in lv, en and ru, in HTML and text, with the tenant name, and differs by language', () => {
    for (const build of builders) {
      const [lv, en, ru] = (['lv', 'en', 'ru'] as const).map(build);
      for (const message of [lv!, en!, ru!]) {
        expect(message.subject).toContain(tenant.name);
        expect(message.text).toContain(tenant.name);
        expect(message.html).toContain('Ogres &lt;Namsaimnieks&gt;');
        expect(message.html).toContain('#0a5c8a');
      }
      expect(new Set([lv!.subject, en!.subject, ru!.subject]).size).toBe(3);
      expect(ru!.text).toMatch(/[а-я]/);
      expect(lv!.template).toBe(en!.template);
    }
  });

  test('links carry the token and the flow in the fragment of the tenant page, never in the query', () => {
    const reset = passwordResetEmail(tenant, { email: 'a@example.lv', language: 'lv' }, 'TOKEN2');
    expect(reset.text).toContain('https://ogre.example/portals/#token=TOKEN2&flow=reset');
    expect(registrationConfirmEmail(tenant, { email: 'a@example.lv', language: 'en' }, 'T').text).toContain('#token=T&flow=register');
    expect(emailChangeConfirmEmail(tenant, { email: 'a@example.lv', language: 'ru' }, 'T').text).toContain('#token=T&flow=email');
    for (const build of builders) expect(build('lv').text).not.toMatch(/\?token=/);
  });

  test('greets by name when there is one', () => {
    expect(passwordResetEmail(tenant, { email: 'a@example.lv', name: 'Anna', language: 'lv' }, 'T').text).toContain('Labdien, Anna!');
    expect(passwordResetEmail(tenant, { email: 'a@example.lv', name: '', language: 'ru' }, 'T').text).toContain('Здравствуйте!');
    expect(passwordResetEmail(tenant, { email: 'a@example.lv', name: 'Anna', language: 'en' }, 'T').text).toContain('Hello Anna,');
  });

  test('every language names every category', () => {
    for (const texts of Object.values(MAIL_TEXTS)) {
      expect(Object.values(texts.categories).every((name) => name.length > 3)).toBe(true);
    }
  });

  test('masks the new address in the notice to the old one', () => {
    expect(maskEmail('nina@example.lv')).toBe('n***@example.lv');
    expect(maskEmail('x')).toBe('***');
  });
});

describe('reminder-type mail', () => {
  const keys = createTokenKeys('test-secret-that-is-long-enough-0123456789');
  const now = new Date('2026-05-28T08:00:00Z');

  test('has the unsubscribe footer link and List-Unsubscribe one-click headers', async () => {
    const message = await reminderEmail({
      keys,
      apiBaseUrl: 'https://api.doorstep.test',
      tenant: { ...tenant, id: '00000000-0000-4000-8000-000000000001', slug: 'ogre' },
      recipient: { userId: '00000000-0000-4000-8000-000000000002', email: 'a@example.lv', language: 'ru' },
      category: 'readingReminders',
      template: 'reading_reminder',
      block: { subject: 'Пора передать показания', heading: 'Пора передать показания', paragraphs: ['До 01.06.2026.'] },
      now,
    });
    expect(message.headers!['List-Unsubscribe']).toMatch(/^<https:\/\/api\.doorstep\.test\/v1\/ogre\/email\/unsubscribe\?token=[\w.-]+>$/);
    expect(message.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(message.text).toContain('Отписаться от этих писем: https://ogre.example/portals/#token=');
    expect(message.text).toContain('напоминания о передаче показаний счётчиков');
  });

  test('its token names tenant, user and category, and nothing else passes for it', async () => {
    const input = { tenantId: '00000000-0000-4000-8000-000000000001', userId: '00000000-0000-4000-8000-000000000002', category: 'newNotices' as const };
    const token = await signUnsubscribeToken(keys, input, now);
    expect(await verifyUnsubscribeToken(keys, token, input.tenantId, now)).toEqual({ userId: input.userId, category: 'newNotices' });
    expect(await verifyUnsubscribeToken(keys, token, '00000000-0000-4000-8000-000000000009', now)).toBeNull();
    expect(await verifyUnsubscribeToken(createTokenKeys('another-secret-that-is-long-enough-0123'), token, input.tenantId, now)).toBeNull();
    expect(await verifyUnsubscribeToken(keys, token, input.tenantId, new Date('2027-07-10T00:00:00Z'))).toBeNull();
    expect(await verifyUnsubscribeToken(keys, 'garbage', input.tenantId, now)).toBeNull();
  });
});

describe('retry policy', () => {
  test('doubles from 30 s up to an hour and keeps going for about a day', () => {
    const delays = Array.from({ length: 24 }, (_, i) => afterSendFailure(i + 1, { code: 'ECONNECTION' }, DEFAULT_RETRY_POLICY, 0.5));
    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000].map((delayMs) => ({ retry: true, delayMs })));
    expect(delays[10]).toEqual({ retry: true, delayMs: 3_600_000 });
    const total = delays.reduce((sum, d) => sum + (d.retry ? d.delayMs : 0), 0);
    expect(total).toBeGreaterThan(12 * 3600_000); // an SMTP outage of an hour, or a night, loses nothing
    expect(afterSendFailure(25, { code: 'ECONNECTION' })).toEqual({ retry: false, reason: 'attempts_exhausted' });
  });

  test('spreads retries by at most ±20 %', () => {
    expect(afterSendFailure(1, {}, DEFAULT_RETRY_POLICY, 0)).toEqual({ retry: true, delayMs: 24_000 });
    expect(afterSendFailure(1, {}, DEFAULT_RETRY_POLICY, 1)).toEqual({ retry: true, delayMs: 36_000 });
  });

  test('gives up at once only on a final answer about this message', () => {
    expect(isPermanentFailure({ code: 'EENVELOPE', responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ code: 'EMESSAGE', responseCode: 554 })).toBe(true);
    expect(isPermanentFailure({ code: 'EENVELOPE', responseCode: 452 })).toBe(false);
    expect(isPermanentFailure({ code: 'EAUTH', responseCode: 535 })).toBe(false);
    expect(isPermanentFailure({ code: 'ECONNECTION' })).toBe(false);
    expect(afterSendFailure(1, { code: 'EENVELOPE', responseCode: 550 })).toEqual({ retry: false, reason: 'permanent' });
  });
});

test('extra headers cannot set recipients or structure, and lose their line breaks', () => {
  expect(extraHeaders({ Bcc: 'x@y.lv', cc: 'x@y.lv', 'Content-Type': 'text/html', 'X-A': 'a\r\nBcc: x@y.lv', 'X-B\r\nBcc': 'v', 'List-Unsubscribe': '<https://u>' })).toEqual({
    'X-A': 'a Bcc: x@y.lv',
    'List-Unsubscribe': '<https://u>',
  });
});
