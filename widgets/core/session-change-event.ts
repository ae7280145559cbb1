/**
 * @module
 * The one event a session store fires. It is an `EventTarget` event on the store, not a DOM event:
 * every widget of the page listens to the same store, so nothing needs to bubble.
 */

/**
 * What changed: `restore` (page load settled), `login`, `logout` (here or in another tab),
 * `expired` (the server ended the session), `user` (profile or premises reloaded),
 * `password` (changed), `premise` (the active address).
 */
export type SessionChangeReason = 'restore' | 'login' | 'logout' | 'expired' | 'user' | 'password' | 'premise';

/** Fired by the store (not the DOM) as `change` whenever anything a widget shows may differ. */
export class SessionChangeEvent extends Event {
  static readonly eventName = 'change';
  readonly reason: SessionChangeReason;
  constructor(reason: SessionChangeReason) {
    super(SessionChangeEvent.eventName);
    this.reason = reason;
  }
}
