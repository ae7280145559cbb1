/** @module Registers `<address-switcher>`. Import the class from `./address-switcher.ts` to use another tag name. */
import { AddressSwitcher } from './address-switcher.ts';

if (!customElements.get('address-switcher')) customElements.define('address-switcher', AddressSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'address-switcher': AddressSwitcher;
  }
}
