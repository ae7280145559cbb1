/** @module The `doorstep-invoice-download` event of `<invoice-list>`. */

/** The resident downloaded an invoice's PDF. `detail.blob` is the file as the server sent it. */
export class DoorstepInvoiceDownloadEvent extends CustomEvent<{ invoice: { id: string; number: string }; fileName: string; blob: Blob }> {
  static readonly eventName = 'doorstep-invoice-download';
  constructor(invoice: { id: string; number: string }, fileName: string, blob: Blob) {
    super(DoorstepInvoiceDownloadEvent.eventName, { bubbles: true, composed: true, detail: { invoice, fileName, blob } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-invoice-download': DoorstepInvoiceDownloadEvent;
  }
}
