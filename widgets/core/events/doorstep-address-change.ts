import type { Premise } from '../session-store.ts';

/** The resident chose another active address (premise) in this widget; all widgets follow it. */
export class DoorstepAddressChangeEvent extends CustomEvent<{ premise: Premise }> {
  static readonly eventName = 'doorstep-address-change';
  constructor(premise: Premise) {
    super(DoorstepAddressChangeEvent.eventName, { bubbles: true, composed: true, detail: { premise } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-address-change': DoorstepAddressChangeEvent;
  }
}
