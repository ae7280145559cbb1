/**
 * @module
 * The rules of invitations, free of HTTP and SQL: how long a link lives, when it may still be
 * used, what it carries, and how many an owner may send. The handlers put them in order.
 */
import { z } from '@hono/zod-openapi';
import type { Right } from '../db/types.ts';
import { normalizeRights } from '../rights/rights.ts';

/** As Latvijas Gāze does: the link must be activated "by a set time"; a week unless the manager says otherwise. */
export const DEFAULT_INVITATION_DAYS = 7;
/** A manager may shorten or lengthen it, but a link that lives for months is a liability. */
export const MAX_INVITATION_DAYS = 30;
/** Invitations send mail to any address an owner types; this caps what one account can send. */
export const INVITATIONS_PER_DAY = 20;

const DAY_MS = 24 * 3600 * 1000;

/** `tenants.settings.invitationDays`, when it is a sensible whole number of days; 7 otherwise. */
export function invitationLifetimeDays(settings: unknown): number {
  const value = (settings as { invitationDays?: unknown } | null | undefined)?.invitationDays;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return DEFAULT_INVITATION_DAYS;
  return Math.min(value, MAX_INVITATION_DAYS);
}

export function invitationExpiresAt(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

export type InvitationState = 'valid' | 'used' | 'expired';

/** A used link stays used even after it would have expired: that is the more useful answer. */
export function invitationState(invitation: { used_at: Date | null; expires_at: Date }, now: Date): InvitationState {
  if (invitation.used_at) return 'used';
  if (invitation.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** What an invitation grants, as stored in `email_tokens.payload`. */
export interface InvitationPayload {
  premiseIds: string[];
  rights: Right[];
  /** The owner or proxy who sent it; the grant is theirs to give, checked again on acceptance. */
  invitedBy: string;
  language: 'lv' | 'en' | 'ru';
}

const PayloadSchema = z.object({
  premiseIds: z.array(z.string()).min(1),
  rights: z.array(z.string()),
  invitedBy: z.string(),
  language: z.enum(['lv', 'en', 'ru']),
});

/** The stored payload, or undefined when it is not one an invitation carries. */
export function readInvitationPayload(json: unknown): InvitationPayload | undefined {
  const parsed = PayloadSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return { ...parsed.data, rights: normalizeRights(parsed.data.rights) };
}

/** The premises a pending invitation still covers once `premiseId` is taken out of it. */
export function withoutPremise(payload: InvitationPayload, premiseId: string): InvitationPayload {
  return { ...payload, premiseIds: payload.premiseIds.filter((id) => id !== premiseId) };
}

export const invitationWindowStart = (now: Date) => new Date(now.getTime() - DAY_MS);
