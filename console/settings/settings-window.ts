/**
 * @module
 * `<settings-window>`: the tenant's reading window rule, with the next 12 windows. The windows
 * are never computed here: every change of the form asks the server
 * (`POST /admin/settings/window-preview`, readings/window.ts — the residents' own rule, Latvian
 * holidays and moved windows included), and saving is `PATCH /admin/settings {windowRule}`.
 */
import { html, nothing } from 'lit';
import type { Answer } from '../../widgets/core/api-routes.ts';
import { formatDate } from '../../widgets/core/i18n/messages.ts';
import { SettingsPart } from './settings-part.ts';

type Preview = Answer<'/admin/settings/window-preview', 'post'>;
type Rule = Preview['windowRule'];
type Kind = Rule['kind'];
const KINDS: readonly Kind[] = ['month_end', 'fixed_days', 'until_working_day'];

export class SettingsWindow extends SettingsPart {
  static override properties = {
    saved: { state: true },
    draft: { state: true },
    preview: { state: true },
  };

  /** The rule as stored. */
  declare saved: Rule | undefined;
  /** The rule as the form has it now. */
  declare draft: Rule | undefined;
  declare preview: Preview | undefined;
  #asked = 0;

  override async load() {
    if (!this.client) return;
    try {
      const { settings } = await this.client.call('get', '/admin/settings');
      this.saved = settings.windowRule;
      this.draft ??= settings.windowRule;
      await this.#preview();
    } catch (error) {
      this.error = this.problemText(error);
    }
  }

  async #preview() {
    if (!this.client || !this.draft) return;
    const asked = ++this.#asked;
    try {
      const preview = await this.client.call('post', '/admin/settings/window-preview', { body: { windowRule: this.draft, count: 12 } });
      if (asked === this.#asked) this.preview = preview;
    } catch (error) {
      if (asked === this.#asked) {
        this.preview = undefined;
        this.error = this.problemText(error);
      }
    }
  }

  /** The rule the form describes now. */
  #ruleOf(form: HTMLFormElement): Rule {
    const number = (name: string) => Number(this.field(form, name));
    const kind = this.field(form, 'kind') as Kind;
    if (kind === 'fixed_days') {
      const to = this.field(form, 'toDay');
      return { kind, fromDay: number('fromDay'), toDay: to === 'last' ? 'last' : Number(to) };
    }
    if (kind === 'until_working_day') return { kind, fromDay: number('fromDay'), workingDay: number('workingDay') };
    return { kind: 'month_end', lastDays: number('lastDays'), nextMonthDays: number('nextMonthDays') };
  }

  #changed(event: Event) {
    const form = (event.currentTarget as HTMLFormElement | null) ?? (event.target as HTMLElement).closest('form')!;
    const kind = this.field(form, 'kind') as Kind;
    this.error = '';
    this.status = '';
    // A new kind starts from its usual example; within a kind, the fields as typed.
    this.draft =
      kind !== this.draft?.kind
        ? kind === 'fixed_days'
          ? { kind, fromDay: 25, toDay: 28 }
          : kind === 'until_working_day'
          ? { kind, fromDay: 27, workingDay: 1 }
          : { kind: 'month_end', lastDays: 2, nextMonthDays: 1 }
        : this.#ruleOf(form);
    void this.#preview();
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const rule = this.#ruleOf(event.currentTarget as HTMLFormElement);
    await this.act(async (client) => {
      const answer = await client.call('patch', '/admin/settings', { body: { windowRule: rule } });
      this.draft = answer.settings.windowRule;
      return this.t(answer.result === 'updated' ? 'console.windowSaved' : 'console.settingsUnchanged');
    });
  }

  override render() {
    const rule = this.draft;
    const dirty = JSON.stringify(rule) !== JSON.stringify(this.saved);
    const day = (iso: string) => formatDate(this.language, new Date(`${iso}T12:00:00Z`), undefined, 'UTC');
    return html`<section aria-labelledby="settings-window-heading" class="settings-part">
      <h2 id="settings-window-heading" tabindex="-1">${this.t('console.windowHeading')}</h2>
      <p class="muted">${this.t('console.windowIntro')}</p>
      ${rule
        ? html`<form class="notice-form window-rule" @change=${this.#changed} @submit=${this.#save} novalidate>
            <label for="window-kind">${this.t('console.windowKind')}</label>
            <select id="window-kind" name="kind">
              ${KINDS.map((kind) => html`<option value=${kind} ?selected=${rule.kind === kind}>${this.t(`console.windowKind_${kind}`)}</option>`)}
            </select>
            ${rule.kind === 'month_end'
              ? html`${this.#number('lastDays', 'console.windowLastDays', rule.lastDays, 0, 15)} ${this.#number('nextMonthDays', 'console.windowNextMonthDays', rule.nextMonthDays, 0, 15)}`
              : rule.kind === 'fixed_days'
              ? html`${this.#number('fromDay', 'console.windowFromDay', rule.fromDay, 1, 31)}
                  <label for="window-toDay">${this.t('console.windowToDay')}</label>
                  <select id="window-toDay" name="toDay">
                    <option value="last" ?selected=${rule.toDay === 'last'}>${this.t('console.windowToLast')}</option>
                    ${Array.from({ length: 31 }, (_, i) => i + 1).map((d) => html`<option value=${d} ?selected=${rule.toDay === d}>${d}</option>`)}
                  </select>`
              : html`${this.#number('fromDay', 'console.windowFromDay', rule.fromDay, 1, 31)} ${this.#number('workingDay', 'console.windowWorkingDay', rule.workingDay, 1, 10)}`}
            <div><button type="submit" ?disabled=${this.busy}>${this.t('console.windowSave')}</button></div>
          </form>`
        : html`<p>${this.t('console.loading')}</p>`}
      ${this.messages()}
      ${this.preview
        ? html`<table class="threads window-preview" aria-live="polite">
            <caption>${this.t(dirty ? 'console.windowPreviewDraft' : 'console.windowPreviewSaved')}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('console.windowPeriod')}</th>
                <th scope="col">${this.t('console.windowFrom')}</th>
                <th scope="col">${this.t('console.windowTo')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.preview.windows.map(
                (w) => html`<tr>
                  <th scope="row">${w.period}</th>
                  <td>${day(w.firstDay)}</td>
                  <td>${day(w.lastDay)} ${w.source === 'override' ? html`<span class="badge">${this.t('console.windowMoved')}</span>` : nothing}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing}
    </section>`;
  }

  #number(name: string, label: Parameters<SettingsWindow['t']>[0], value: number, min: number, max: number) {
    return html`<label for="window-${name}">${this.t(label)}</label>
      <input id="window-${name}" name=${name} type="number" inputmode="numeric" min=${min} max=${max} .value=${String(value)} class="short" />`;
  }
}
