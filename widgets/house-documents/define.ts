/** @module Registers `<house-documents>`. Import the class from `./house-documents.ts` to use another tag name. */
import { HouseDocuments } from './house-documents.ts';

if (!customElements.get('house-documents')) customElements.define('house-documents', HouseDocuments);

declare global {
  interface HTMLElementTagNameMap {
    'house-documents': HouseDocuments;
  }
}
