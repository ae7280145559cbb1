/**
 * @module
 * Where a widget finds its API and tenant: its own `api` / `tenant` / `now` attributes, else the
 * page's one `<doorstep-config>`. A manager with several widgets writes the address once.
 */

export interface DoorstepConfigValues {
  api: string;
  tenant: string;
  /** Demo mode only: the ISO time the server should take as now. */
  now?: string;
}

/**
 * @summary Page-wide settings for every Doorstep widget; renders nothing.
 *
 * @attr api - Base URL of the Doorstep API, e.g. `https://api.doorstep.lv`.
 * @attr tenant - The property manager's slug, e.g. `demo`.
 * @attr now - Demo mode only: an ISO time the server takes as "now" (sent as `X-Doorstep-Now`).
 *
 * @example
 * ```html
 * <doorstep-config api="https://api.doorstep.lv" tenant="ogres-namsaimnieks"></doorstep-config>
 * ```
 */
export class DoorstepConfig extends HTMLElement {
  static readonly observedAttributes = ['api', 'tenant', 'now'];

  connectedCallback(): void {
    // Never take space or focus, whatever the host page's CSS says about unknown elements.
    this.style.display = 'none';
    announceConfigChange();
  }

  disconnectedCallback(): void {
    announceConfigChange();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) announceConfigChange();
  }
}

/** The tag the define module registers; looked up by attribute reading, so it works before upgrade. */
export const CONFIG_TAG = 'doorstep-config';

/** Dispatched on `document` when a `<doorstep-config>` appears, changes or goes. */
export const CONFIG_CHANGE_EVENT = 'doorstep-config-change';

function announceConfigChange(): void {
  document.dispatchEvent(new Event(CONFIG_CHANGE_EVENT));
}

/**
 * The settings for `element`: its own values (`own`, else its attributes) win over the page's
 * `<doorstep-config>`.
 * Undefined when the API or the tenant is still unknown.
 */
export function resolveConfig(
  element: Element,
  own: Partial<Record<keyof DoorstepConfigValues, string | undefined>> = {},
): DoorstepConfigValues | undefined {
  const page = element.ownerDocument.querySelector(CONFIG_TAG);
  const read = (name: keyof DoorstepConfigValues) =>
    own[name]?.trim() || element.getAttribute(name)?.trim() || page?.getAttribute(name)?.trim() || undefined;
  const api = read('api');
  const tenant = read('tenant');
  if (!api || !tenant) return undefined;
  const now = read('now');
  return now ? { api, tenant, now } : { api, tenant };
}
