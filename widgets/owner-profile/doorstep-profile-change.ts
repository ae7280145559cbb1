import type { Profile } from './profile.ts';

/** The resident saved a change in `<owner-profile>` (contact details, language, emails, login email). */
export class DoorstepProfileChangeEvent extends CustomEvent<{ profile: Profile }> {
  static readonly eventName = 'doorstep-profile-change';
  constructor(profile: Profile) {
    super(DoorstepProfileChangeEvent.eventName, { bubbles: true, composed: true, detail: { profile } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-profile-change': DoorstepProfileChangeEvent;
  }
}
