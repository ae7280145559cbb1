/** The resident logged out through this widget. */
export class DoorstepLogoutEvent extends CustomEvent<Record<string, never>> {
  static readonly eventName = 'doorstep-logout';
  constructor() {
    super(DoorstepLogoutEvent.eventName, { bubbles: true, composed: true, detail: {} });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-logout': DoorstepLogoutEvent;
  }
}
