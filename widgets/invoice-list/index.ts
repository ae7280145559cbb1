/**
 * @module
 * `@doorstep/widgets/invoice-list`: `<invoice-list>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/invoice-list/define` to register it as `<invoice-list>`.
 */
export { InvoiceList } from './invoice-list.ts';
export { DoorstepInvoiceDownloadEvent } from './doorstep-invoice-download.ts';
