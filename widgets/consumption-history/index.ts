/**
 * @module
 * `@doorstep/widgets/consumption-history`: `<consumption-history>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/consumption-history/define` to register it as `<consumption-history>`.
 */
export { ConsumptionHistory } from './consumption-history.ts';
