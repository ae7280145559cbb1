/**
 * The manager's rulebook for grants (owner and proxy terms, what a PUT changes, when a grant has
 * expired) and temporary passwords, without HTTP or SQL.
 */
import { describe, expect, test } from 'vitest';
import { checkGrantRequest, grantChange, grantStatus, type GrantTerms } from '../../server/admin/people/grant-rules.ts';
import { generateTemporaryPassword } from '../../server/admin/people/temporary-password.ts';
import { passwordProblems } from '../../server/auth/password-policy.ts';

const NOW = new Date('2026-05-20T09:00:00Z');

describe('checkGrantRequest', () => {
  test('an owner carries neither an authorisation nor an expiry', () => {
    expect(checkGrantRequest({ role: 'owner' }, NOW)).toEqual({ ok: true, terms: { role: 'owner', authorizationRef: null, expiresAt: null } });
    expect(checkGrantRequest({ role: 'owner', authorizationRef: null, expiresAt: null }, NOW)).toMatchObject({ ok: true });
    expect(checkGrantRequest({ role: 'owner', authorizationRef: 'P-1', expiresAt: '2027-01-01T00:00:00Z' }, NOW)).toEqual({
      ok: false,
      status: 400,
      fields: { authorizationRef: 'not_for_owner', expiresAt: 'not_for_owner' },
    });
  });

  test('a proxy needs the reference of its authorisation; blank is none', () => {
    expect(checkGrantRequest({ role: 'proxy' }, NOW)).toEqual({ ok: false, status: 400, fields: { authorizationRef: 'required' } });
    expect(checkGrantRequest({ role: 'proxy', authorizationRef: '  ' }, NOW)).toEqual({ ok: false, status: 400, fields: { authorizationRef: 'required' } });
    expect(checkGrantRequest({ role: 'proxy', authorizationRef: ' Nr. 114 ' }, NOW)).toEqual({
      ok: true,
      terms: { role: 'proxy', authorizationRef: 'Nr. 114', expiresAt: null },
    });
  });

  test("a proxy's expiry must lie ahead", () => {
    const ahead = checkGrantRequest({ role: 'proxy', authorizationRef: 'Nr. 1', expiresAt: '2026-05-20T09:00:01Z' }, NOW);
    expect(ahead).toEqual({ ok: true, terms: { role: 'proxy', authorizationRef: 'Nr. 1', expiresAt: new Date('2026-05-20T09:00:01Z') } });
    for (const expiresAt of ['2026-05-20T09:00:00Z', '2026-05-20T12:00:00+03:00', '2020-01-01T00:00:00Z']) {
      expect(checkGrantRequest({ role: 'proxy', authorizationRef: 'Nr. 1', expiresAt }, NOW)).toEqual({
        ok: false,
        status: 422,
        code: 'expiry_in_past',
        fields: { expiresAt: 'in_past' },
      });
    }
  });
});

describe('grantChange', () => {
  const proxy: GrantTerms = { role: 'proxy', authorizationRef: 'Nr. 1', expiresAt: new Date('2026-06-01T00:00:00Z') };
  const stored = { role: 'proxy' as const, authorization_ref: 'Nr. 1', expires_at: new Date('2026-06-01T00:00:00Z') };

  test('created when there is no grant, unchanged when every term is the same', () => {
    expect(grantChange(undefined, proxy)).toBe('created');
    expect(grantChange(stored, proxy)).toBe('unchanged');
    expect(grantChange({ role: 'owner', authorization_ref: null, expires_at: null }, { role: 'owner', authorizationRef: null, expiresAt: null })).toBe('unchanged');
  });

  test('updated when the role, the reference or the expiry differs; a member becomes an owner', () => {
    expect(grantChange({ ...stored, authorization_ref: 'Nr. 2' }, proxy)).toBe('updated');
    expect(grantChange({ ...stored, expires_at: null }, proxy)).toBe('updated');
    expect(grantChange({ ...stored, expires_at: new Date('2026-06-01T00:00:01Z') }, proxy)).toBe('updated');
    expect(grantChange({ role: 'member', authorization_ref: null, expires_at: null }, { role: 'owner', authorizationRef: null, expiresAt: null })).toBe('updated');
  });
});

describe('grantStatus', () => {
  test('expired from the instant of expiry on, never without one', () => {
    expect(grantStatus({ expires_at: null }, NOW)).toBe('active');
    expect(grantStatus({ expires_at: new Date(NOW.getTime() + 1) }, NOW)).toBe('active');
    expect(grantStatus({ expires_at: NOW }, NOW)).toBe('expired');
    expect(grantStatus({ expires_at: new Date(NOW.getTime() - 1) }, NOW)).toBe('expired');
  });
});

describe('generateTemporaryPassword', () => {
  test('four groups of five readable symbols that the password rules accept, different every time', () => {
    const made = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = generateTemporaryPassword('janis@example.lv');
      expect(password).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);
      expect(passwordProblems(password, 'janis@example.lv')).toEqual([]);
      made.add(password);
    }
    expect(made.size).toBe(200);
  });

  test('draws again rather than favour symbols, and rather than contain the email', () => {
    // A source that first offers only bytes above the unbiased range, then the email's local part, then letters.
    const batches = [new Uint8Array(20).fill(255), Uint8Array.from('annaannaannaannaanna', (ch) => 'abcdefghjkmnpqrstuvwxyz23456789'.indexOf(ch))];
    let calls = 0;
    const random = (bytes: Uint8Array) => {
      const next = batches[calls++];
      if (next) bytes.set(next);
      else bytes.forEach((_, i) => (bytes[i] = (i * 7 + calls) % 31));
      return bytes;
    };
    const password = generateTemporaryPassword('anna@example.lv', random);
    expect(password).not.toContain('anna');
    expect(calls).toBeGreaterThan(2);
    expect(passwordProblems(password, 'anna@example.lv')).toEqual([]);
  });
});
