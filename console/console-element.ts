/**
 * @module
 * What every part of the console has in common: it renders into the light DOM (one stylesheet for
 * the whole page, served by Doorstep, and a login form password managers can fill), speaks the
 * page's language through the widgets' i18n, and turns API errors into sentences.
 *
 * The console is a page of its own, not a widget in someone else's site, so it needs no shadow
 * DOM to keep a host page's styles out.
 */
import { LitElement } from 'lit';
import { ApiError } from '../widgets/core/api-error.ts';
import { formatDate, formatTime, hasMessage, loadLanguage, registerMessages, translate, type Language, type MessageKey, type MessageParams } from '../widgets/core/i18n/messages.ts';
import { observeLanguageChanges, resolveLanguage } from '../widgets/core/language.ts';
import { lv } from './i18n/lv.ts';

registerMessages({ lv, en: () => import('./i18n/en.ts').then((m) => m.en), ru: () => import('./i18n/ru.ts').then((m) => m.ru) });

export class ConsoleElement extends LitElement {
  #language: Language = 'lv';
  #stop: (() => void) | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  get language(): Language {
    return this.#language;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const follow = () => {
      this.#language = resolveLanguage(this);
      void loadLanguage(this.#language).then(() => this.requestUpdate());
    };
    follow();
    this.#stop = observeLanguageChanges(follow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.();
  }

  t(key: MessageKey, params?: MessageParams): string {
    return translate(this.#language, key, params);
  }

  /** The sentence for a failed call: the console's own text for the code, else the widgets', else a generic one. */
  errorText(error: unknown): string {
    const code = error instanceof ApiError ? error.code : 'unknown';
    for (const key of [`console.error_${code}`, `error.${code}`]) if (hasMessage(key)) return translate(this.#language, key);
    return translate(this.#language, 'error.unknown');
  }

  dateTime(iso: string): string {
    const at = new Date(iso);
    return `${formatDate(this.#language, at)} ${formatTime(this.#language, at)}`;
  }
}
