/**
 * @module
 * `@doorstep/widgets/manager-contact`: `<manager-contact>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/manager-contact/define` to register it as `<manager-contact>`.
 */
export { ManagerContact } from './manager-contact.ts';
export { DoorstepMessageSendEvent, DoorstepThreadCreateEvent } from './events.ts';
