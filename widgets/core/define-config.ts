/** @module Registers `<doorstep-config>`. Import `DoorstepConfig` from `./config-element.ts` to use another tag name. */
import { DoorstepConfig } from './config-element.ts';

if (!customElements.get('doorstep-config')) customElements.define('doorstep-config', DoorstepConfig);

declare global {
  interface HTMLElementTagNameMap {
    'doorstep-config': DoorstepConfig;
  }
}
