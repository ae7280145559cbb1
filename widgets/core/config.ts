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

/** The tag the define module registers; looked up by attribute reading, so it works before upgrade. */
export const CONFIG_TAG = 'doorstep-config';

/** Dispatched on `document` when a `<doorstep-config>` appears, changes or goes. */
export const CONFIG_CHANGE_EVENT = 'doorstep-config-change';

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
