/**
 * @module
 * The `<doorstep-config>` element itself, apart from {@link resolveConfig} (config.ts), which every
 * widget uses: only a page that has the tag loads this class.
 */
import { CONFIG_CHANGE_EVENT } from './config.ts';

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

function announceConfigChange(): void {
  document.dispatchEvent(new Event(CONFIG_CHANGE_EVENT));
}
