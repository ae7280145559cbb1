/** What the owner just did to the household users of a premise. */
export type MembersChange = 'invited' | 'changed' | 'removed' | 'withdrawn';

/** The owner changed who may use a premise, in `<household-users>`. */
export class DoorstepMembersChangeEvent extends CustomEvent<{ premiseId: string; change: MembersChange; email: string }> {
  static readonly eventName = 'doorstep-members-change';
  constructor(premiseId: string, change: MembersChange, email: string) {
    super(DoorstepMembersChangeEvent.eventName, { bubbles: true, composed: true, detail: { premiseId, change, email } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-members-change': DoorstepMembersChangeEvent;
  }
}
