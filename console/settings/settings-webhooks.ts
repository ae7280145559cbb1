/**
 * @module
 * `<settings-webhooks>`: the tenant's webhook endpoints (`/admin/webhooks`): the list, a new
 * endpoint — its signing secret shown once, with a copy button — switching one off and on,
 * deleting one, and an endpoint's recent deliveries with every attempt, where a delivered or
 * failed one can be sent again.
 */
import { html, nothing } from 'lit';
import type { Answer } from '../../widgets/core/api-routes.ts';
import { SettingsPart } from './settings-part.ts';

type Endpoint = Answer<'/admin/webhooks', 'get'>['items'][number];
type Delivery = Answer<'/admin/webhooks/{endpointId}/deliveries', 'get'>['items'][number];
type EventType = NonNullable<Parameters<typeof eventKey>[0]>;

/** The events an endpoint may ask for: the API document's list (a missing or extra one fails the typecheck). */
const EVENTS = ['reading.submitted', 'reading.corrected', 'readings.imported', 'thread.message_created', 'resident.registered'] as const satisfies readonly Answer<'/admin/webhooks', 'post'>['item']['events'][number][];
const eventKey = (event: (typeof EVENTS)[number]) => `console.webhookEvent_${event.replace(/\./g, '_')}` as `console.webhookEvent_${'reading_submitted' | 'reading_corrected' | 'readings_imported' | 'thread_message_created' | 'resident_registered'}`;

export class SettingsWebhooks extends SettingsPart {
  static override properties = {
    endpoints: { state: true },
    open: { state: true },
    deliveries: { state: true },
  };

  declare endpoints: Endpoint[] | undefined;
  /** The endpoint whose deliveries are shown. */
  declare open: string | undefined;
  declare deliveries: Delivery[] | undefined;

  override async load() {
    if (!this.client) return;
    try {
      this.endpoints = (await this.client.call('get', '/admin/webhooks')).items;
      if (this.open && this.endpoints.some((e) => e.id === this.open)) await this.#loadDeliveries(this.open);
      else this.open = undefined;
    } catch (error) {
      this.error = this.problemText(error);
    }
  }

  async #loadDeliveries(endpointId: string) {
    this.deliveries = (await this.client!.call('get', '/admin/webhooks/{endpointId}/deliveries', { params: { endpointId }, query: { limit: 20 } })).items;
  }

  async #show(endpoint: Endpoint) {
    this.open = endpoint.id;
    this.deliveries = undefined;
    this.error = '';
    try {
      await this.#loadDeliveries(endpoint.id);
    } catch (error) {
      this.error = this.problemText(error);
    }
    await this.updateComplete;
    this.querySelector<HTMLElement>('#webhook-deliveries-heading')?.focus();
  }

  async #add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const url = this.field(form, 'url');
    const description = this.field(form, 'description');
    const events = [...form.querySelectorAll<HTMLInputElement>('input[name=event]:checked')].map((box) => box.value as EventType);
    if (!url || events.length === 0) {
      this.error = this.t(url ? 'console.webhookEventRequired' : 'console.required');
      form.querySelector<HTMLInputElement>(url ? 'input[name=event]' : '#webhook-url')?.focus();
      return;
    }
    this.secret = undefined;
    await this.act(
      async (client) => {
        const created = await client.call('post', '/admin/webhooks', { body: { url, events, ...(description ? { description } : {}) } });
        form.reset();
        this.secret = { name: created.item.url, value: created.secret };
        return this.t('console.webhookAdded');
      },
      () => this.querySelector<HTMLElement>('.secret-once code'),
    );
  }

  async #switch(endpoint: Endpoint) {
    await this.act(async (client) => {
      await client.call('patch', '/admin/webhooks/{endpointId}', { params: { endpointId: endpoint.id }, body: { enabled: !endpoint.enabled } });
      return this.t(endpoint.enabled ? 'console.webhookDisabled' : 'console.webhookEnabled');
    });
  }

  async #delete(endpoint: Endpoint) {
    await this.act(
      async (client) => {
        await client.call('delete', '/admin/webhooks/{endpointId}', { params: { endpointId: endpoint.id } });
        return this.t('console.webhookDeleted');
      },
      () => this.querySelector<HTMLElement>('#settings-webhooks-heading'),
    );
  }

  async #replay(endpointId: string, delivery: Delivery) {
    await this.act(async (client) => {
      await client.call('post', '/admin/webhooks/{endpointId}/deliveries/{deliveryId}/replay', { params: { endpointId, deliveryId: delivery.id } });
      return this.t('console.deliveryReplayed');
    });
  }

  override render() {
    const open = this.endpoints?.find((e) => e.id === this.open);
    return html`<section aria-labelledby="settings-webhooks-heading" class="settings-part">
      <h2 id="settings-webhooks-heading" tabindex="-1">${this.t('console.webhooksHeading')}</h2>
      <p class="muted">${this.t('console.webhooksIntro')}</p>
      <form class="notice-form" @submit=${this.#add} novalidate>
        <label for="webhook-url">${this.t('console.webhookUrl')}</label>
        <input id="webhook-url" name="url" type="url" inputmode="url" autocomplete="off" spellcheck="false" required placeholder="https://" />
        <fieldset>
          <legend>${this.t('console.webhookEvents')}</legend>
          ${EVENTS.map((event) => html`<label class="choice"><input type="checkbox" name="event" value=${event} />${this.t(eventKey(event))} <code class="muted">${event}</code></label>`)}
        </fieldset>
        <label for="webhook-description">${this.t('console.webhookDescription')}</label>
        <input id="webhook-description" name="description" maxlength="200" autocomplete="off" />
        <div><button type="submit" ?disabled=${this.busy}>${this.t('console.webhookAdd')}</button></div>
      </form>
      ${this.messages()} ${this.secretBox()}
      ${!this.endpoints
        ? html`<p>${this.t('console.loading')}</p>`
        : this.endpoints.length === 0
        ? html`<p>${this.t('console.webhooksNone')}</p>`
        : html`<table class="threads webhooks">
            <caption>${this.t('console.webhooksHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('console.webhookUrl')}</th>
                <th scope="col">${this.t('console.webhookEvents')}</th>
                <th scope="col">${this.t('console.deliveryState')}</th>
                <th scope="col">${this.t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.endpoints.map(
                (e) => html`<tr>
                  <th scope="row"><code>${e.url}</code>${e.description ? html`<br /><span class="muted">${e.description}</span>` : nothing}</th>
                  <td>${e.events.map((ev) => (EVENTS as readonly string[]).includes(ev) ? this.t(eventKey(ev as EventType)) : ev).join(', ')}</td>
                  <td>${this.t(e.enabled ? 'console.webhookOn' : 'console.webhookOff')}</td>
                  <td>
                    <button type="button" class="link" aria-label=${`${this.t('console.webhookShowDeliveries')}: ${e.url}`} @click=${() => this.#show(e)}>${this.t('console.webhookShowDeliveries')}</button><br />
                    <button type="button" class="link" aria-label=${`${this.t(e.enabled ? 'console.webhookDisable' : 'console.webhookEnable')}: ${e.url}`} ?disabled=${this.busy} @click=${() => this.#switch(e)}>
                      ${this.t(e.enabled ? 'console.webhookDisable' : 'console.webhookEnable')}</button
                    ><br />
                    <button type="button" class="link" aria-label=${`${this.t('console.webhookDelete')}: ${e.url}`} ?disabled=${this.busy} @click=${() => this.#delete(e)}>${this.t('console.webhookDelete')}</button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      ${open ? this.#deliveriesOf(open) : nothing}
    </section>`;
  }

  #deliveriesOf(endpoint: Endpoint) {
    const attemptText = (a: Delivery['attemptLog'][number]) =>
      this.t('console.deliveryAttempt', { at: this.dateTime(a.at), result: a.error ?? `HTTP ${a.statusCode ?? ''}`.trim() });
    return html`<h3 id="webhook-deliveries-heading" tabindex="-1">${this.t('console.webhookDeliveries', { url: endpoint.url })}</h3>
      <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.#show(endpoint)}>${this.t('console.deliveriesRefresh')}</button>
      ${!this.deliveries
        ? html`<p>${this.t('console.loading')}</p>`
        : this.deliveries.length === 0
        ? html`<p>${this.t('console.deliveriesNone')}</p>`
        : html`<table class="threads deliveries">
            <caption>${this.t('console.webhookDeliveries', { url: endpoint.url })}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('console.deliveryEvent')}</th>
                <th scope="col">${this.t('console.deliveryState')}</th>
                <th scope="col">${this.t('console.deliveryAttempts')}</th>
                <th scope="col">${this.t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.deliveries.map(
                (d) => html`<tr class="delivery" data-status=${d.status}>
                  <th scope="row">${d.eventType}<br /><span class="muted">${this.dateTime(d.createdAt)}</span></th>
                  <td>${this.t(`console.deliveryStatus_${d.status}`)}</td>
                  <td>
                    <ol class="attempts">
                      ${d.attemptLog.map((a) => html`<li>${attemptText(a)}</li>`)}
                    </ol>
                  </td>
                  <td>
                    ${d.status === 'pending'
                      ? nothing
                      : html`<button type="button" class="link" aria-label=${`${this.t('console.deliveryReplay')}: ${d.eventType} ${this.dateTime(d.createdAt)}`} ?disabled=${this.busy || !endpoint.enabled}
                          @click=${() => this.#replay(endpoint.id, d)}>${this.t('console.deliveryReplay')}</button>`}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}`;
  }
}
