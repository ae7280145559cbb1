/** @module Registers `<password-reset>`. Import the class from `./password-reset.ts` to use another tag name. */
import { PasswordReset } from './password-reset.ts';

if (!customElements.get('password-reset')) customElements.define('password-reset', PasswordReset);

declare global {
  interface HTMLElementTagNameMap {
    'password-reset': PasswordReset;
  }
}
