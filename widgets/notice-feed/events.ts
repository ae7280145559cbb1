/** @module The events of `<notice-feed>`. */

/** The resident opened a notice to read its full text. */
export class DoorstepNoticeOpenEvent extends CustomEvent<{ noticeId: string }> {
  static readonly eventName = 'doorstep-notice-open';
  constructor(noticeId: string) {
    super(DoorstepNoticeOpenEvent.eventName, { bubbles: true, composed: true, detail: { noticeId } });
  }
}

/**
 * A notice was marked read on the server. Other feeds on the page (a compact one in the header, a
 * full one in the main column) listen for it on `document` and update their badge.
 */
export class DoorstepNoticeReadEvent extends CustomEvent<{ noticeId: string; readAt: string }> {
  static readonly eventName = 'doorstep-notice-read';
  constructor(noticeId: string, readAt: string) {
    super(DoorstepNoticeReadEvent.eventName, { bubbles: true, composed: true, detail: { noticeId, readAt } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'doorstep-notice-open': DoorstepNoticeOpenEvent;
    'doorstep-notice-read': DoorstepNoticeReadEvent;
  }
}
