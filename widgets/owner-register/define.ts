/** @module Registers `<owner-register>`. Import the class from `./owner-register.ts` to use another tag name. */
import { OwnerRegister } from './owner-register.ts';

if (!customElements.get('owner-register')) customElements.define('owner-register', OwnerRegister);

declare global {
  interface HTMLElementTagNameMap {
    'owner-register': OwnerRegister;
  }
}
