/** @module Registers every Doorstep element under its usual tag name. The bundle's entry point. */
import { CONFIG_TAG, DoorstepConfig } from './core/config.ts';
import './owner-login/define.ts';

if (!customElements.get(CONFIG_TAG)) customElements.define(CONFIG_TAG, DoorstepConfig);

declare global {
  interface HTMLElementTagNameMap {
    'doorstep-config': DoorstepConfig;
  }
}

export * from './index.ts';
