/**
 * The invitation rules (server/members/invitation-rules.ts) and the invitation email's texts.
 */
import { describe, expect, test } from 'vitest';
import { invitationEmail } from '../../server/members/invitation-email.ts';
import {
  DEFAULT_INVITATION_DAYS,
  invitationExpiresAt,
  invitationLifetimeDays,
  invitationState,
  readInvitationPayload,
  withoutPremise,
} from '../../server/members/invitation-rules.ts';

describe('how long a link lives', () => {
  test('a week unless the manager set a sensible number of days', () => {
    expect(DEFAULT_INVITATION_DAYS).toBe(7);
    expect(invitationLifetimeDays({})).toBe(7);
    expect(invitationLifetimeDays(null)).toBe(7);
    expect(invitationLifetimeDays({ invitationDays: 3 })).toBe(3);
    expect(invitationLifetimeDays({ invitationDays: 365 })).toBe(30);
    for (const bad of [0, -1, 2.5, '5', null, Number.NaN, Number.POSITIVE_INFINITY]) expect(invitationLifetimeDays({ invitationDays: bad })).toBe(7);
  });

  test('expires exactly that many days after it was sent', () => {
    expect(invitationExpiresAt(new Date('2026-05-20T09:00:00Z'), 7).toISOString()).toBe('2026-05-27T09:00:00.000Z');
  });
});

describe('invitationState', () => {
  const expires_at = new Date('2026-05-27T09:00:00Z');
  test('valid until the instant it expires', () => {
    expect(invitationState({ used_at: null, expires_at }, new Date('2026-05-27T08:59:59Z'))).toBe('valid');
    expect(invitationState({ used_at: null, expires_at }, expires_at)).toBe('expired');
  });
  test('used stays used, even after expiry', () => {
    const used_at = new Date('2026-05-21T10:00:00Z');
    expect(invitationState({ used_at, expires_at }, new Date('2026-05-22T00:00:00Z'))).toBe('used');
    expect(invitationState({ used_at, expires_at }, new Date('2026-06-30T00:00:00Z'))).toBe('used');
  });
});

describe('the stored payload', () => {
  const payload = { premiseIds: ['a', 'b'], rights: ['readings', 'invoices'], invitedBy: 'u', language: 'lv' };
  test('is read back with rights in order; anything malformed is not an invitation', () => {
    expect(readInvitationPayload(payload)).toEqual({ ...payload, rights: ['invoices', 'readings'] });
    expect(readInvitationPayload({ ...payload, premiseIds: [] })).toBeUndefined();
    expect(readInvitationPayload({ ...payload, language: 'de' })).toBeUndefined();
    expect(readInvitationPayload('nonsense')).toBeUndefined();
    expect(readInvitationPayload({ ...payload, rights: ['invoices', 'owner'] })!.rights).toEqual(['invoices']);
  });
  test('withdrawing one premise keeps the others', () => {
    expect(withoutPremise(readInvitationPayload(payload)!, 'a').premiseIds).toEqual(['b']);
  });
});

describe('the invitation email', () => {
  const tenant = { name: 'Ogres Namsaimnieks', settings: { publicUrl: 'https://ogresnamsaimnieks.lv/portals' }, time_zone: 'Europe/Riga' };
  const base = {
    tenant,
    to: 'liga@example.lv',
    inviterName: 'Anna <script>',
    addresses: ['Malkalnes prospekts 3-111'],
    rights: ['invoices', 'readings'] as Array<'invoices' | 'readings'>,
    token: 'tok_123-abc',
    expiresAt: new Date('2026-05-27T09:00:00Z'),
  };

  test('exists in lv, en and ru, with the expiry in the tenant’s time zone and the link in the fragment', () => {
    const lv = invitationEmail({ ...base, language: 'lv' });
    expect(lv.subject).toBe('Uzaicinājums uz Ogres Namsaimnieks klientu portālu');
    expect(lv.text).toContain('rēķinu apskate un skaitītāju rādījumu ziņošana');
    expect(lv.text).toContain('27.05.2026');
    expect(lv.text).toContain('12:00');
    expect(lv.text).toContain('https://ogresnamsaimnieks.lv/portals#token=tok_123-abc&flow=invitation');
    expect(lv.template).toBe('invitation');
    const en = invitationEmail({ ...base, language: 'en' });
    expect(en.subject).toBe('Invitation to the Ogres Namsaimnieks resident portal');
    expect(en.text).toContain('invoices and meter readings');
    const ru = invitationEmail({ ...base, language: 'ru' });
    expect(ru.subject).toBe('Приглашение на портал клиентов Ogres Namsaimnieks');
    expect(ru.text).toContain('просмотр счетов и передача показаний счётчиков');
  });

  test('escapes what the inviter typed in the HTML', () => {
    const { html } = invitationEmail({ ...base, language: 'lv' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('Anna &lt;script&gt;');
  });
});
