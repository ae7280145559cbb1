/**
 * @module
 * The household-users routes, typed, over the widgets' one API client.
 */
import type { ApiClient } from '../core/api-client.ts';

export type Right = 'invoices' | 'readings';
export const RIGHTS: readonly Right[] = ['invoices', 'readings'];

export interface Member {
  userId: string;
  email: string;
  name: string;
  rights: Right[];
  grantedAt: string;
  updatedAt: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  rights: Right[];
  premiseIds: string[];
  createdAt: string;
  expiresAt: string;
}

export interface MembersList {
  members: Member[];
  invitations: PendingInvitation[];
}

const base = (premiseId: string) => `/premises/${encodeURIComponent(premiseId)}`;

export const listMembers = (client: ApiClient, premiseId: string, signal?: AbortSignal) =>
  client.get<MembersList>(`${base(premiseId)}/members`, signal ? { signal } : {});

export const inviteMember = (
  client: ApiClient,
  premiseId: string,
  body: { email: string; rights: Right[]; premiseIds?: string[]; language?: string },
) => client.post<PendingInvitation>(`${base(premiseId)}/members`, body);

export const changeMember = (client: ApiClient, premiseId: string, userId: string, rights: Right[]) =>
  client.patch<Member>(`${base(premiseId)}/members/${encodeURIComponent(userId)}`, { rights });

export const removeMember = (client: ApiClient, premiseId: string, userId: string) =>
  client.delete<void>(`${base(premiseId)}/members/${encodeURIComponent(userId)}`);

export const withdrawInvitation = (client: ApiClient, premiseId: string, invitationId: string) =>
  client.delete<void>(`${base(premiseId)}/invitations/${encodeURIComponent(invitationId)}`);
