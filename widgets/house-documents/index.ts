/**
 * @module
 * `@doorstep/widgets/house-documents`: `<house-documents>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/house-documents/define` to register it as `<house-documents>`.
 */
export { HouseDocuments } from './house-documents.ts';
