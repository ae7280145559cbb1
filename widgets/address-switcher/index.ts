/**
 * @module
 * `@doorstep/widgets/address-switcher`: `<address-switcher>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/address-switcher/define` to register it as `<address-switcher>`.
 */
export { AddressSwitcher } from './address-switcher.ts';
export { DoorstepAddressChangeEvent } from '../core/events/doorstep-address-change.ts';
