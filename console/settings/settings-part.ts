/**
 * @module
 * What every part of the console's Settings has in common: the API client, one busy flag, a
 * status line (polite) and an error line (assertive) of its own, so a message appears next to
 * the form it is about and is announced; the sentence for a refused field (`bank.iban` →
 * `invalid_iban`); and a secret shown once, with its warning and a copy button.
 */
import { html, nothing, type PropertyDeclarations } from 'lit';
import { ApiError } from '../../widgets/core/api-error.ts';
import type { ApiClient } from '../../widgets/core/api-client.ts';
import { hasMessage } from '../../widgets/core/i18n/messages.ts';
import { ConsoleElement } from '../console-element.ts';

export interface ShownSecret {
  /** What it is the secret of, for people: the key's or the endpoint's name. */
  name: string;
  value: string;
}

export class SettingsPart extends ConsoleElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    error: { state: true },
    status: { state: true },
    busy: { state: true },
    secret: { state: true },
    copied: { state: true },
  };

  declare client: ApiClient | undefined;
  declare error: string;
  declare status: string;
  declare busy: boolean;
  declare secret: ShownSecret | undefined;
  declare copied: string;

  constructor() {
    super();
    this.error = '';
    this.status = '';
    this.busy = false;
    this.copied = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Reads what the part shows; errors go to the error line. */
  async load(): Promise<void> {}

  /** The sentence for a failed call: per refused field when the console knows its rule, else the code's. */
  problemText(error: unknown): string {
    if (error instanceof ApiError && error.code === 'validation_failed') {
      const rules = Object.values(error.fields ?? {}).flat().filter((rule): rule is string => typeof rule === 'string');
      const known = [...new Set(rules)].map((rule) => `console.error_${rule}`).filter((key) => hasMessage(key));
      if (known.length > 0) return known.map((key) => this.t(key as never)).join(' ');
    }
    return this.errorText(error);
  }

  /** Runs a change: one at a time, the status or the error shown and announced, then reloads. */
  async act(work: (client: ApiClient) => Promise<string>, after?: () => HTMLElement | null | undefined): Promise<boolean> {
    if (!this.client || this.busy) return false;
    this.busy = true;
    this.error = '';
    this.status = '';
    let ok = false;
    try {
      this.status = await work(this.client);
      ok = true;
      await this.load();
    } catch (error) {
      this.error = this.problemText(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    after?.()?.focus();
    return ok;
  }

  /** The status and error lines of the part. */
  messages() {
    return html`<p class="error" role="alert">${this.error}</p>
      <p class="status" role="status">${this.status}</p>`;
  }

  /** The secret just made: the warning, the value, a copy button and a way to put it away. */
  secretBox() {
    const secret = this.secret;
    if (!secret) return nothing;
    return html`<div class="secret-once" role="region" aria-label=${this.t('console.secretOf', { name: secret.name })}>
      <p class="warning"><strong>${this.t('console.secretOnce')}</strong></p>
      <p><code class="shown-secret" tabindex="0">${secret.value}</code></p>
      <button type="button" class="copy" @click=${() => this.#copy(secret.value)}>${this.t('console.copy')}</button>
      <button type="button" class="secondary" @click=${this.#done}>${this.t('console.secretDone')}</button>
      <p class="status" role="status">${this.copied}</p>
    </div>`;
  }

  async #copy(value: string) {
    try {
      await navigator.clipboard.writeText(value);
      this.copied = this.t('console.copied');
    } catch {
      this.copied = this.t('console.copyFailed');
    }
  }

  #done() {
    this.secret = undefined;
    this.copied = '';
  }

  /** A form's field value, trimmed. */
  protected field(form: HTMLFormElement, name: string): string {
    const element = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    return element?.value.trim() ?? '';
  }
}
