/**
 * @module
 * `@doorstep/widgets/owner-profile`: `<owner-profile>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/owner-profile/define` to register it as `<owner-profile>`.
 */
export { OwnerProfile } from './owner-profile.ts';
export { DoorstepProfileChangeEvent } from './doorstep-profile-change.ts';
