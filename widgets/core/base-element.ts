/**
 * @module
 * `DoorstepElement`: what every widget has in common. It finds the API and tenant, joins the
 * page's shared session, follows the language of the page, and re-renders when either changes.
 * A widget extends it, reads `this.session` and calls `this.t('namespace.key', params)`.
 */
import { LitElement, type PropertyValues } from 'lit';
import type { ApiClient } from './api-client.ts';
import { CONFIG_CHANGE_EVENT, resolveConfig, type DoorstepConfigValues } from './config.ts';
import {
  formatDate,
  formatNumber,
  formatTime,
  hasMessage,
  hasErrorTexts,
  isLanguageLoaded,
  loadErrorTexts,
  loadLanguage,
  translate,
  type Language,
  type MessageKey,
  type MessageParams,
} from './i18n/messages.ts';
import { observeLanguageChanges, resolveLanguage } from './language.ts';
import { SessionChangeEvent } from './session-change-event.ts';
import { sessionSlot } from './session-key.ts';
import type { SessionStore } from './session-store.ts';

/**
 * The session store's module (with the API client, the refresh, the login calls) is no part of the
 * core every element loads first: `<owner-login>` shows its form to a visitor without a session
 * before it arrives (see {@link DoorstepElement.rendersBeforeSession}). The other elements import
 * it statically (`import '../core/session-store.ts'`), so it has run, and put its `sessionStoreFor`
 * in `sessionSlot`, before their first update.
 */
let sessionModuleLoading: Promise<NonNullable<typeof sessionSlot.storeFor>> | undefined;

/** Loads the session store's module once; a failed fetch (offline) is tried again by the next call. */
export function loadSessionModule(): Promise<void> {
  if (sessionSlot.storeFor) return Promise.resolve();
  sessionModuleLoading ??= import('./session-store.ts').then(
    (module) => module.sessionStoreFor,
    (error: unknown) => {
      sessionModuleLoading = undefined;
      throw error;
    },
  );
  // Into the slot on every call: once there, no element waits for the module again.
  return sessionModuleLoading.then((storeFor) => {
    sessionSlot.storeFor ??= storeFor;
  });
}

export class DoorstepElement extends LitElement {
  /**
   * True for an element that can render before the session store's module is here (it then sees
   * no `session` but {@link sessionPending}); the others' first update waits for it.
   */
  static rendersBeforeSession = false;

  static override properties = {
    api: { type: String },
    tenant: { type: String },
    now: { type: String },
  };

  /** Base URL of the Doorstep API; falls back to the page's `<doorstep-config>`. */
  declare api: string | undefined;
  /** The property manager's slug; falls back to the page's `<doorstep-config>`. */
  declare tenant: string | undefined;
  /** Demo mode only: ISO time sent to the server as `X-Doorstep-Now`. */
  declare now: string | undefined;

  #session: SessionStore | undefined;
  #config: DoorstepConfigValues | undefined;
  /** The element has an api and a tenant, but the session store's module is not here yet. */
  #sessionPending = false;
  #language: Language = 'lv';
  #stopObservingLanguage: (() => void) | undefined;
  readonly #onSessionChange = (event: Event) => {
    if (event instanceof SessionChangeEvent || 'reason' in event) this.sessionChanged(event as SessionChangeEvent);
  };
  readonly #onConfigChange = () => this.#connectSession();

  /** The page's shared session for this widget's (api, tenant); undefined until configured. */
  protected get session(): SessionStore | undefined {
    return this.#session;
  }

  /**
   * Configured (api and tenant known), but the session is not here yet: its module is on its way
   * (only for an element that {@link rendersBeforeSession}).
   */
  protected get sessionPending(): boolean {
    return this.#sessionPending;
  }

  /** The api, tenant and demo time the element resolved (its attributes, else `<doorstep-config>`). */
  protected get config(): DoorstepConfigValues | undefined {
    return this.#config;
  }

  /** The session once its module is here; undefined when the element has no api or tenant. */
  protected async whenSession(): Promise<SessionStore | undefined> {
    if (this.#sessionPending) {
      await loadSessionModule();
      this.#connectSession();
    }
    return this.#session;
  }

  /** The API client, with the session's token; undefined until configured. */
  protected get client(): ApiClient | undefined {
    return this.#session?.client;
  }

  /** The language the widget renders in. */
  get language(): Language {
    return this.#language;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#language = resolveLanguage(this);
    this.#stopObservingLanguage = observeLanguageChanges(() => {
      const language = resolveLanguage(this);
      if (language !== this.#language) {
        this.#language = language;
        this.requestUpdate();
      }
    });
    this.ownerDocument.addEventListener(CONFIG_CHANGE_EVENT, this.#onConfigChange);
    this.#connectSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopObservingLanguage?.();
    this.ownerDocument.removeEventListener(CONFIG_CHANGE_EVENT, this.#onConfigChange);
    this.#session?.removeEventListener(SessionChangeEvent.eventName, this.#onSessionChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('api') || changed.has('tenant') || changed.has('now')) this.#connectSession();
  }

  /**
   * Renders only once the texts of the widget's language are here, so an English or Russian page
   * never flashes Latvian while its dictionaries are fetched. `updateComplete` waits for them too.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (isLanguageLoaded(this.#language) && !this.#waitsForSession()) return super.scheduleUpdate();
    return this.#updateOnceLanguageLoaded();
  }

  #waitsForSession(): boolean {
    return this.#sessionPending && !(this.constructor as typeof DoorstepElement).rendersBeforeSession;
  }

  async #updateOnceLanguageLoaded(): Promise<unknown> {
    if (this.#waitsForSession()) {
      // Offline: render without a session (as unconfigured); the next connect tries again.
      await loadSessionModule().then(
        () => this.#connectSession(),
        () => undefined,
      );
    }
    // The language may change again while its texts are fetched; render in the latest one.
    let language: Language;
    do {
      language = this.#language;
      await loadLanguage(language);
    } while (language !== this.#language);
    return super.scheduleUpdate();
  }

  /** Called when the shared session changes (login anywhere on the page, logout in another tab…). */
  protected sessionChanged(_event: SessionChangeEvent): void {
    this.requestUpdate();
  }

  /** The text for `key` in this widget's language. */
  t(key: MessageKey, params?: MessageParams): string {
    return translate(this.#language, key, params);
  }

  /**
   * The resident-facing text for any error: `error.<code>` when known, else a generic one. Errors
   * from the API client come with their texts; for another (a closed popup), while its texts
   * are fetched this is '' and the widget renders again when they are here.
   */
  errorText(error: unknown): string {
    if (!hasErrorTexts(this.#language)) {
      void loadErrorTexts([this.#language]).then(() => this.requestUpdate());
      return '';
    }
    const code = isErrorLike(error) ? error.code : 'unknown';
    const key = `error.${code}`;
    return this.t(hasMessage(key) ? key : 'error.unknown');
  }

  formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
    return formatNumber(this.#language, value, options);
  }

  /** A date in the manager's time zone (once the session knows it); `options.timeZone` wins. */
  formatDate(value: Date, options?: Intl.DateTimeFormatOptions): string {
    return formatDate(this.#language, value, options, this.#session?.timeZone);
  }

  /** A clock time in the manager's time zone (once the session knows it). */
  formatTime(value: Date): string {
    return formatTime(this.#language, value, this.#session?.timeZone);
  }

  #connectSession(): void {
    if (!this.isConnected) return;
    const config = resolveConfig(this, { api: this.api, tenant: this.tenant, now: this.now });
    this.#config = config;
    const wasPending = this.#sessionPending;
    const storeFor = sessionSlot.storeFor;
    this.#sessionPending = config !== undefined && storeFor === undefined;
    if (this.#sessionPending) {
      // Here soon: connect then (an offline failure leaves the element pending until the next try).
      void loadSessionModule().then(
        () => this.#connectSession(),
        () => undefined,
      );
    }
    const next = config && storeFor ? storeFor(config.api, config.tenant, config.now) : undefined;
    if (next === this.#session) {
      if (wasPending !== this.#sessionPending) this.requestUpdate();
      return;
    }
    this.#session?.removeEventListener(SessionChangeEvent.eventName, this.#onSessionChange);
    this.#session = next;
    next?.addEventListener(SessionChangeEvent.eventName, this.#onSessionChange);
    this.requestUpdate();
  }
}

/** An ApiError (also one from another copy of the bundle), or any error-like `{code}` (a closed popup). */
function isErrorLike(error: unknown): error is { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}
