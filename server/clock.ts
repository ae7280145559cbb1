/**
 * @module
 * Time comes from a Clock, never from `new Date()` in business code, so tests and the demo can
 * stand at any moment (the reading window open or closed).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const frozenClock = (at: Date): Clock => ({ now: () => new Date(at.getTime()) });

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(at: Date | string): void {
    this.#now = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}
