/** @module Registers `<manager-contact>`. Import the class from `./manager-contact.ts` to use another tag name. */
import { ManagerContact } from './manager-contact.ts';

if (!customElements.get('manager-contact')) customElements.define('manager-contact', ManagerContact);

declare global {
  interface HTMLElementTagNameMap {
    'manager-contact': ManagerContact;
  }
}
