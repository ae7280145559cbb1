/**
 * @module
 * `@doorstep/widgets/invitation-accept`: `<invitation-accept>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/invitation-accept/define` to register it as `<invitation-accept>`.
 */
export { InvitationAccept } from './invitation-accept.ts';
export { DoorstepInvitationAcceptEvent, type InvitationOutcome } from './doorstep-invitation-accept.ts';
