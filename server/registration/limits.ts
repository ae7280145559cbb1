/**
 * @module
 * The rate limits of the flows that need no session. Each applies alike to known and unknown
 * emails and account numbers, so a 429 tells nothing about what exists.
 */
import type { RateLimitRule } from '../rate-limit/fixed-window.ts';

const HOUR = 3600;

export const ACCOUNT_LIMITS = {
  /** Wrong registration proofs from one client (guessing across many account numbers). */
  proofFailuresPerClient: { max: 10, windowSeconds: HOUR },
  /** Wrong registration proofs for one account number (guessing one invoice from many clients). */
  proofFailuresPerAccount: { max: 8, windowSeconds: HOUR },
  /** Registration emails to one address (nobody's mailbox is to be flooded). */
  registrationsPerEmail: { max: 3, windowSeconds: HOUR },
  /** Reset requests for one email, and from one client. */
  resetsPerEmail: { max: 5, windowSeconds: HOUR },
  resetsPerClient: { max: 20, windowSeconds: HOUR },
  /** Email-change requests of one user. */
  emailChangesPerUser: { max: 5, windowSeconds: HOUR },
} satisfies Record<string, RateLimitRule>;
