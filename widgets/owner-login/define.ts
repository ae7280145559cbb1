/** @module Registers `<owner-login>`. Import the class from `./owner-login.ts` to use another tag name. */
import { OwnerLogin } from './owner-login.ts';

if (!customElements.get('owner-login')) customElements.define('owner-login', OwnerLogin);

declare global {
  interface HTMLElementTagNameMap {
    'owner-login': OwnerLogin;
  }
}
