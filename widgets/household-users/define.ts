/** @module Registers `<household-users>`. Import the class from `./household-users.ts` to use another tag name. */
import { HouseholdUsers } from './household-users.ts';

if (!customElements.get('household-users')) customElements.define('household-users', HouseholdUsers);

declare global {
  interface HTMLElementTagNameMap {
    'household-users': HouseholdUsers;
  }
}
