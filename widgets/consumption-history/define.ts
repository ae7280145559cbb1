/** @module Registers `<consumption-history>`. Import the class from `./consumption-history.ts` to use another tag name. */
import { ConsumptionHistory } from './consumption-history.ts';

if (!customElements.get('consumption-history')) customElements.define('consumption-history', ConsumptionHistory);

declare global {
  interface HTMLElementTagNameMap {
    'consumption-history': ConsumptionHistory;
  }
}
