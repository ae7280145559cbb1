/**
 * @module
 * The one place that decides what a user may do on a premise. Every route asks here; widgets
 * receive the resulting rights in GET /me and hide what the user may not do.
 *
 * The rulebook:
 * - owner (the contract holder) and proxy (an authorised person, acting as the owner) may do
 *   everything on the premise, including managing its members;
 * - a member (a sub-user an owner invited) sees the premise and its notices, reads invoices only
 *   with the `invoices` right and sees or submits meter readings only with the `readings` right;
 *   members see neither the building's documents nor the contact threads, and invite nobody;
 * - with no grant at all the premise does not exist for the user: 404, never 403, so that its
 *   existence does not leak.
 */
import type { GrantRole, Right } from '../db/types.ts';

export type Action =
  | 'premise.view'
  | 'notices.view'
  | 'readings.view'
  | 'readings.submit'
  | 'invoices.view'
  | 'documents.view'
  | 'threads.use'
  | 'members.manage';

export interface Grant {
  premiseId: string;
  role: GrantRole;
  /** Rights as granted (members); owners and proxies hold all implicitly. */
  rights: readonly Right[];
}

export const ALL_RIGHTS: readonly Right[] = ['invoices', 'readings'];

/** Every action there is, in the rulebook's order (the access-matrix test walks them all). */
export const ALL_ACTIONS: readonly Action[] = [
  'premise.view',
  'notices.view',
  'readings.view',
  'readings.submit',
  'invoices.view',
  'documents.view',
  'threads.use',
  'members.manage',
];

const MEMBER_NEEDS: Record<Action, Right | 'always' | 'never'> = {
  'premise.view': 'always',
  'notices.view': 'always',
  'readings.view': 'readings',
  'readings.submit': 'readings',
  'invoices.view': 'invoices',
  'documents.view': 'never',
  'threads.use': 'never',
  'members.manage': 'never',
};

export type Decision = 'allow' | 'forbidden' | 'not_found';

export function decide(grant: Grant | undefined, action: Action): Decision {
  if (!grant) return 'not_found';
  if (grant.role === 'owner' || grant.role === 'proxy') return 'allow';
  const need = MEMBER_NEEDS[action];
  if (need === 'always') return 'allow';
  if (need === 'never') return 'forbidden';
  return grant.rights.includes(need) ? 'allow' : 'forbidden';
}

/** The rights a grant effectively carries, as shown to the widgets. */
export function effectiveRights(grant: Grant): Right[] {
  return grant.role === 'member' ? ALL_RIGHTS.filter((r) => grant.rights.includes(r)) : [...ALL_RIGHTS];
}

/** Every action the grant allows, so widgets need not repeat this rulebook. */
export function allowedActions(grant: Grant): Action[] {
  return ALL_ACTIONS.filter((action) => decide(grant, action) === 'allow');
}

/** Rights as a member may hold them: known ones only, each once, in a fixed order. */
export function normalizeRights(rights: readonly string[]): Right[] {
  return ALL_RIGHTS.filter((right) => rights.includes(right));
}

/**
 * What a member's grant becomes when someone who already reaches the premise accepts an
 * invitation to it. An owner or proxy keeps its role: an invitation never lowers a grant, and a
 * member invited again takes the rights the owner chose last.
 */
export function grantAfterInvitation(existing: Grant | undefined, invitedRights: readonly Right[]): 'create' | 'update' | 'keep' {
  if (!existing) return 'create';
  if (existing.role !== 'member') return 'keep';
  const same = normalizeRights(existing.rights).join() === normalizeRights(invitedRights).join();
  return same ? 'keep' : 'update';
}
