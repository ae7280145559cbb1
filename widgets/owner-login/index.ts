/**
 * @module
 * `@doorstep/widgets/owner-login`: `<owner-login>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/owner-login/define` to register it as `<owner-login>`.
 */
export { OwnerLogin } from './owner-login.ts';
export { DoorstepLoginEvent } from '../core/events/doorstep-login.ts';
export { DoorstepLogoutEvent } from '../core/events/doorstep-logout.ts';
export { DoorstepForgotPasswordEvent } from '../password-reset/doorstep-forgot-password.ts';
