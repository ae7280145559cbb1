/**
 * @module
 * The household-users routes, typed, over the widgets' one API client.
 */
import type { ApiClient } from '../core/api-client.ts';
import type { RequestBody } from '../core/api-routes.ts';
import type { components } from '../core/api-types.generated.ts';

type Schemas = components['schemas'];

export type Right = 'invoices' | 'readings';
export const RIGHTS: readonly Right[] = ['invoices', 'readings'];

/** A member of the household, as the API document describes it. */
export type Member = Schemas['Member'];

/** An invitation not accepted yet, as the API document describes it. */
export type PendingInvitation = Schemas['PendingInvitation'];

export type MembersList = Schemas['MembersList'];

export const listMembers = (client: ApiClient, premiseId: string, signal?: AbortSignal) =>
  client.call('get', '/premises/{premiseId}/members', { params: { premiseId }, ...(signal ? { signal } : {}) });

export const inviteMember = (
  client: ApiClient,
  premiseId: string,
  body: { email: string; rights: Right[]; premiseIds?: string[]; language?: string },
) =>
  // The form's language select offers the document's three languages; the server checks the value all the same.
  client.call('post', '/premises/{premiseId}/members', { params: { premiseId }, body: body as RequestBody<'/premises/{premiseId}/members', 'post'> });

export const changeMember = (client: ApiClient, premiseId: string, userId: string, rights: Right[]) =>
  client.call('patch', '/premises/{premiseId}/members/{memberId}', { params: { premiseId, memberId: userId }, body: { rights } });

export const removeMember = (client: ApiClient, premiseId: string, userId: string) =>
  client.call('delete', '/premises/{premiseId}/members/{memberId}', { params: { premiseId, memberId: userId } });

export const withdrawInvitation = (client: ApiClient, premiseId: string, invitationId: string) =>
  client.call('delete', '/premises/{premiseId}/invitations/{invitationId}', { params: { premiseId, invitationId } });
