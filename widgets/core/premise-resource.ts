/**
 * @module
 * Data that belongs to the active address (notices, documents, threads, …), loaded for a widget
 * as a Lit reactive controller: it follows the page's shared session, loads when the resident is
 * logged in and an address is active, loads again when the address or the user changes, cancels
 * a load that is no longer wanted (AbortSignal), and tells the widget what to render.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from './api-client.ts';
import type { Premise, SessionStore } from './session-store.ts';

export type PremiseResourceState = 'unconfigured' | 'restoring' | 'anonymous' | 'no-address' | 'forbidden' | 'loading' | 'ready' | 'error';

export interface PremiseResourceOptions<T> {
  /** The widget's session (its protected getter, passed as a function). */
  session: () => SessionStore | undefined;
  load: (client: ApiClient, premise: Premise, signal: AbortSignal) => Promise<T>;
  /** An action the premise must allow (from `GET /me`), e.g. `documents.view`; else `forbidden`. */
  action?: string;
  /**
   * Whatever else the data depends on besides the user and the address (the demo clock, how many
   * months to show), as one string: when it changes, the data is loaded afresh.
   */
  dependsOn?: () => string;
}

export class PremiseResource<T> implements ReactiveController {
  value: T | undefined;
  error: unknown;
  #state: PremiseResourceState = 'unconfigured';
  #key: string | null = null;
  /** Whose data `value` is; a reload for the same user and address keeps showing it meanwhile. */
  #valueKey: string | null = null;
  #abort: AbortController | undefined;
  /** Settles when the latest load does, however it ends. */
  #settled: Promise<void> = Promise.resolve();
  readonly #host: ReactiveControllerHost;
  readonly #options: PremiseResourceOptions<T>;

  constructor(host: ReactiveControllerHost, options: PremiseResourceOptions<T>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get state(): PremiseResourceState {
    return this.#state;
  }

  get premise(): Premise | null {
    return this.#options.session()?.activePremise ?? null;
  }

  /** Runs before each render, so a state decided here shows in that same render. */
  hostUpdate(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#key = null;
  }

  /**
   * Loads again (after a change the widget made, or to retry after an error); the value loaded
   * before stays meanwhile. Settles when that load has (or when there is nothing to load).
   */
  async reload(): Promise<void> {
    this.#key = null;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    await this.#settled;
  }

  /** Replaces the loaded value (after a change the widget made locally) and re-renders. */
  set(value: T): void {
    this.value = value;
    this.#host.requestUpdate();
  }

  #sync(): void {
    const session = this.#options.session();
    const premise = this.premise;
    const next: PremiseResourceState | 'load' = !session
      ? 'unconfigured'
      : session.status === 'restoring'
        ? 'restoring'
        : session.status !== 'authenticated' || !session.user
          ? 'anonymous'
          : !premise
            ? 'no-address'
            : this.#options.action && premise.actions && !premise.actions.includes(this.#options.action)
              ? 'forbidden'
              : 'load';
    if (next !== 'load') {
      this.#abort?.abort();
      this.#key = null;
      this.#valueKey = null;
      this.value = undefined;
      this.#setState(next);
      return;
    }
    const key = `${session!.user!.id}|${premise!.id}|${this.#options.dependsOn?.() ?? ''}`;
    if (key === this.#key) return;
    this.#key = key;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    if (this.#valueKey !== key) this.value = undefined;
    this.error = undefined;
    this.#setState('loading');
    this.#settled = this.#options.load(session!.client, premise!, abort.signal).then(
      (value) => {
        if (abort.signal.aborted) return;
        this.value = value;
        this.#valueKey = key;
        this.#state = 'ready';
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        this.error = error;
        this.#state = (error as { code?: string }).code === 'forbidden' ? 'forbidden' : 'error';
        this.#host.requestUpdate();
      },
    );
  }

  #setState(state: PremiseResourceState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#host.requestUpdate();
  }
}
