/** @module Registers every Doorstep element under its usual tag name. The bundle's entry point. */
import { DoorstepConfig } from './core/config.ts';
import './address-switcher/define.ts';
import './household-users/define.ts';
import './invitation-accept/define.ts';
import './invoice-list/define.ts';
import './owner-login/define.ts';
import './owner-profile/define.ts';
import './owner-register/define.ts';
import './password-reset/define.ts';
import './notice-feed/define.ts';
import './house-documents/define.ts';
import './manager-contact/define.ts';
import './meter-readings/define.ts';
import './consumption-history/define.ts';

if (!customElements.get('doorstep-config')) customElements.define('doorstep-config', DoorstepConfig);

declare global {
  interface HTMLElementTagNameMap {
    'doorstep-config': DoorstepConfig;
  }
}

export * from './index.ts';
