/**
 * @module
 * `@doorstep/widgets/owner-register`: `<owner-register>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/owner-register/define` to register it as `<owner-register>`.
 */
export { OwnerRegister } from './owner-register.ts';
export { DoorstepRegisteredEvent } from './doorstep-registered.ts';
