import type { SubmittedReading } from './readings-api.ts';

/**
 * A reading was accepted by the server through `<meter-readings>` (a new one, a correction, or
 * one that was already there). `<consumption-history>` listens for it on the document to refresh.
 */
export class DoorstepReadingSubmitEvent extends CustomEvent<{ premiseId: string; meterId: string; result: SubmittedReading }> {
  static readonly eventName = 'doorstep-reading-submit';
  constructor(premiseId: string, meterId: string, result: SubmittedReading) {
    super(DoorstepReadingSubmitEvent.eventName, { bubbles: true, composed: true, detail: { premiseId, meterId, result } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-reading-submit': DoorstepReadingSubmitEvent;
  }
}
