/**
 * The rights module as the manager's rulebook: pure functions, no HTTP, no SQL.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Right } from '../../server/db/types.ts';
import { ALL_ACTIONS, allowedActions, decide, effectiveRights, grantAfterInvitation, normalizeRights, type Grant } from '../../server/rights/rights.ts';

const premiseId = 'p1';
const owner: Grant = { premiseId, role: 'owner', rights: [] };
const proxy: Grant = { premiseId, role: 'proxy', rights: [] };
const member = (...rights: Right[]): Grant => ({ premiseId, role: 'member', rights });

describe('decide', () => {
  test('no grant: the premise does not exist for the user (404, never 403)', () => {
    for (const action of ALL_ACTIONS) expect(decide(undefined, action)).toBe('not_found');
  });

  test('owners and proxies may do everything, whatever rights the row happens to carry', () => {
    for (const grant of [owner, proxy, { ...proxy, rights: ['invoices'] as Right[] }]) {
      for (const action of ALL_ACTIONS) expect(decide(grant, action)).toBe('allow');
    }
  });

  test('a member with invoices only: invoices yes, readings no (Latvijas Gāze: "tikai rēķinu apskate")', () => {
    const m = member('invoices');
    expect(decide(m, 'invoices.view')).toBe('allow');
    expect(decide(m, 'readings.view')).toBe('forbidden');
    expect(decide(m, 'readings.submit')).toBe('forbidden');
  });

  test('a member with readings: sees and submits readings, not invoices', () => {
    const m = member('readings');
    expect(decide(m, 'readings.view')).toBe('allow');
    expect(decide(m, 'readings.submit')).toBe('allow');
    expect(decide(m, 'invoices.view')).toBe('forbidden');
  });

  test('every member sees the premise and notices; none sees documents, threads or manages members', () => {
    fc.assert(
      fc.property(fc.subarray(['invoices', 'readings'] as Right[]), (rights) => {
        const m = member(...rights);
        expect(decide(m, 'premise.view')).toBe('allow');
        expect(decide(m, 'notices.view')).toBe('allow');
        for (const action of ['documents.view', 'threads.use', 'members.manage'] as const) expect(decide(m, action)).toBe('forbidden');
      }),
    );
  });
});

describe('what widgets are told', () => {
  test('effective rights: owners and proxies hold all; members what they were given, in order', () => {
    expect(effectiveRights(owner)).toEqual(['invoices', 'readings']);
    expect(effectiveRights(proxy)).toEqual(['invoices', 'readings']);
    expect(effectiveRights(member('readings', 'invoices'))).toEqual(['invoices', 'readings']);
    expect(effectiveRights(member())).toEqual([]);
  });

  test('allowed actions agree with decide for every grant', () => {
    fc.assert(
      fc.property(fc.constantFrom<Grant['role']>('owner', 'proxy', 'member'), fc.subarray(['invoices', 'readings'] as Right[]), (role, rights) => {
        const grant = { premiseId, role, rights };
        expect(allowedActions(grant)).toEqual(ALL_ACTIONS.filter((a) => decide(grant, a) === 'allow'));
      }),
    );
    expect(allowedActions(member('invoices'))).toEqual(['premise.view', 'notices.view', 'invoices.view']);
  });
});

describe('normalizeRights', () => {
  test('keeps known rights once each, in a fixed order', () => {
    expect(normalizeRights(['readings', 'invoices', 'readings'])).toEqual(['invoices', 'readings']);
    expect(normalizeRights(['admin', 'owner', 'invoices'])).toEqual(['invoices']);
    expect(normalizeRights([])).toEqual([]);
  });
});

describe('grantAfterInvitation', () => {
  test('creates for someone without access, never lowers an owner or proxy', () => {
    expect(grantAfterInvitation(undefined, ['invoices'])).toBe('create');
    expect(grantAfterInvitation(owner, ['invoices'])).toBe('keep');
    expect(grantAfterInvitation(proxy, ['readings'])).toBe('keep');
  });

  test('a member takes the rights of the newest invitation; the same rights change nothing', () => {
    expect(grantAfterInvitation(member('invoices'), ['invoices', 'readings'])).toBe('update');
    expect(grantAfterInvitation(member('invoices'), ['readings'])).toBe('update');
    expect(grantAfterInvitation(member('readings', 'invoices'), ['invoices', 'readings'])).toBe('keep');
  });
});
