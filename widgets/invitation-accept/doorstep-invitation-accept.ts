/** How an accepted invitation ended: a new account, or an existing one that got the address. */
export type InvitationOutcome = 'created' | 'linked';

/** The resident accepted an invitation in `<invitation-accept>`. */
export class DoorstepInvitationAcceptEvent extends CustomEvent<{ outcome: InvitationOutcome; email: string }> {
  static readonly eventName = 'doorstep-invitation-accept';
  constructor(outcome: InvitationOutcome, email: string) {
    super(DoorstepInvitationAcceptEvent.eventName, { bubbles: true, composed: true, detail: { outcome, email } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-invitation-accept': DoorstepInvitationAcceptEvent;
  }
}
