/** @module Registers `<meter-readings>`. Import the class from `./meter-readings.ts` to use another tag name. */
import { MeterReadings } from './meter-readings.ts';

if (!customElements.get('meter-readings')) customElements.define('meter-readings', MeterReadings);

declare global {
  interface HTMLElementTagNameMap {
    'meter-readings': MeterReadings;
  }
}
