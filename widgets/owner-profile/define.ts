/** @module Registers `<owner-profile>`. Import the class from `./owner-profile.ts` to use another tag name. */
import { OwnerProfile } from './owner-profile.ts';

if (!customElements.get('owner-profile')) customElements.define('owner-profile', OwnerProfile);

declare global {
  interface HTMLElementTagNameMap {
    'owner-profile': OwnerProfile;
  }
}
