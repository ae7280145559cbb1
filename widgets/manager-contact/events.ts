/** @module The events of `<manager-contact>`. */

/** The resident opened a new thread. */
export class DoorstepThreadCreateEvent extends CustomEvent<{ threadId: string }> {
  static readonly eventName = 'doorstep-thread-create';
  constructor(threadId: string) {
    super(DoorstepThreadCreateEvent.eventName, { bubbles: true, composed: true, detail: { threadId } });
  }
}

/** The resident answered in a thread. */
export class DoorstepMessageSendEvent extends CustomEvent<{ threadId: string; messageId: string }> {
  static readonly eventName = 'doorstep-message-send';
  constructor(threadId: string, messageId: string) {
    super(DoorstepMessageSendEvent.eventName, { bubbles: true, composed: true, detail: { threadId, messageId } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-thread-create': DoorstepThreadCreateEvent;
    'doorstep-message-send': DoorstepMessageSendEvent;
  }
}
