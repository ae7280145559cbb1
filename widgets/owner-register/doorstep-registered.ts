/** The registration was confirmed through `<owner-register>`: the account can log in. `detail.email` is its login. */
export class DoorstepRegisteredEvent extends CustomEvent<{ email: string }> {
  static readonly eventName = 'doorstep-registered';
  constructor(email: string) {
    super(DoorstepRegisteredEvent.eventName, { bubbles: true, composed: true, detail: { email } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-registered': DoorstepRegisteredEvent;
  }
}
