/**
 * @module
 * `@doorstep/widgets/household-users`: `<household-users>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/household-users/define` to register it as `<household-users>`.
 */
export { HouseholdUsers } from './household-users.ts';
export { DoorstepMembersChangeEvent, type MembersChange } from './doorstep-members-change.ts';
