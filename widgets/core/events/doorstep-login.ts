import type { SessionUser } from '../session-store.ts';

/** A resident logged in through this widget. `detail.user` is who. */
export class DoorstepLoginEvent extends CustomEvent<{ user: SessionUser }> {
  static readonly eventName = 'doorstep-login';
  constructor(user: SessionUser) {
    super(DoorstepLoginEvent.eventName, { bubbles: true, composed: true, detail: { user } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-login': DoorstepLoginEvent;
  }
}
