/**
 * @module
 * The shapes the session is built from, as the server sends them: the answer of login, refresh
 * and password change, and `GET /me` (the user and the premises they reach). Kept apart from the
 * store so a widget that only shows a premise or a user imports the shape, not the machinery.
 */

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  language: string;
  mustChangePassword: boolean;
  authLevel: 'basic' | 'strong';
}

/** An apartment (or other premise) the user has a grant on, as `GET /me` lists it. */
export interface Premise {
  id: string;
  label: string;
  accountNumber: string;
  building: { id: string; address: string };
  role: 'owner' | 'proxy' | 'member';
  rights: string[];
  /**
   * What the user may do here (`invoices.view`, `readings.submit`, `members.manage`, …), decided by
   * the server's rights module; a widget hides what is not listed instead of deciding itself.
   */
  actions?: string[];
}

/** The answer of login, refresh and password change. */
export interface TokenResponse {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  remember: boolean;
  user: SessionUser;
}

/** The answer of `GET /me`. */
export interface MeResponse {
  user: SessionUser;
  premises: Premise[];
  /** The manager's IANA time zone: every date and time a widget shows is in it. */
  tenant?: { timeZone: string };
}
