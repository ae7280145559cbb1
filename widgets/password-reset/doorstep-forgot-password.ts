/**
 * `<owner-login>`'s "Aizmirsi paroli?" was chosen. `<password-reset>` on the same page answers it
 * (and calls `preventDefault()` to say so); `detail.email` is what was typed so far.
 */
export class DoorstepForgotPasswordEvent extends CustomEvent<{ email: string }> {
  static readonly eventName = 'doorstep-forgot-password';
  constructor(email: string) {
    super(DoorstepForgotPasswordEvent.eventName, { bubbles: true, composed: true, cancelable: true, detail: { email } });
  }
}

/** The password was reset through `<password-reset>`; every session of the account has ended. */
export class DoorstepPasswordResetEvent extends CustomEvent<Record<string, never>> {
  static readonly eventName = 'doorstep-password-reset';
  constructor() {
    super(DoorstepPasswordResetEvent.eventName, { bubbles: true, composed: true, detail: {} });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-forgot-password': DoorstepForgotPasswordEvent;
    'doorstep-password-reset': DoorstepPasswordResetEvent;
  }
}
