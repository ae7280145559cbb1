/**
 * @module
 * `@doorstep/widgets/meter-readings`: `<meter-readings>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/meter-readings/define` to register it as `<meter-readings>`.
 */
export { MeterReadings } from './meter-readings.ts';
export { DoorstepReadingSubmitEvent } from './doorstep-reading-submit.ts';
