/**
 * @module
 * `@doorstep/widgets/password-reset`: `<password-reset>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/password-reset/define` to register it as `<password-reset>`.
 */
export { PasswordReset } from './password-reset.ts';
export { DoorstepForgotPasswordEvent, DoorstepPasswordResetEvent } from './doorstep-forgot-password.ts';
