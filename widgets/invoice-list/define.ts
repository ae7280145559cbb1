/** @module Registers `<invoice-list>`. Import the class from `./invoice-list.ts` to use another tag name. */
import { InvoiceList } from './invoice-list.ts';

if (!customElements.get('invoice-list')) customElements.define('invoice-list', InvoiceList);

declare global {
  interface HTMLElementTagNameMap {
    'invoice-list': InvoiceList;
  }
}
