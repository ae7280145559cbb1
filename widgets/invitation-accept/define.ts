/** @module Registers `<invitation-accept>`. Import the class from `./invitation-accept.ts` to use another tag name. */
import { InvitationAccept } from './invitation-accept.ts';

if (!customElements.get('invitation-accept')) customElements.define('invitation-accept', InvitationAccept);

declare global {
  interface HTMLElementTagNameMap {
    'invitation-accept': InvitationAccept;
  }
}
