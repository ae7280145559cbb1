/**
 * @module
 * The shapes the session is built from, as the server's API document describes them (the types
 * generated from it, through api-routes.ts): the answer of login, refresh
 * and password change, and `GET /me` (the user and the premises they reach). Kept apart from the
 * store so a widget that only shows a premise or a user imports the shape, not the machinery.
 */

import type { Answer } from './api-routes.ts';

/** The answer of login, refresh and password change, as the API document describes it. */
export type TokenResponse = Answer<'/auth/login', 'post'>;

/** The answer of `GET /me`. */
export type MeResponse = Answer<'/me', 'get'>;

/** The logged-in user, as login and refresh answer it. */
export type SessionUser = TokenResponse['user'];

/**
 * An apartment (or other premise) the user has a grant on, as `GET /me` lists it. `actions` says
 * what the user may do here (`invoices.view`, `readings.submit`, `members.manage`, …), decided by
 * the server's rights module; a widget hides what is not listed instead of deciding itself.
 */
export type Premise = MeResponse['premises'][number];
