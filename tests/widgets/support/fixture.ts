/// <reference types="mocha" />
/**
 * What every widget test needs: the real server's address, a place on the page to put elements,
 * a clean slate between tests, and a way to wait for the browser and the server.
 */
import { allSessionStores, sessionStoreFor, type SessionStore } from '../../../widgets/core/session-store.ts';

declare global {
  // Injected by web-test-runner.config.mjs.
  var DOORSTEP_TEST: { api: string; tenant: string };
}

export const { api, tenant } = globalThis.DOORSTEP_TEST;

// Residents of the demo seed (server/demo/seed.ts).
export const ANNA = { email: 'anna@example.lv', password: 'Parole-2026!', name: 'Anna' } as const;
export const JANIS = { email: 'janis@example.lv', password: 'Parole-2026!' } as const;
export const LIGA = { email: 'liga@example.lv', password: 'Parole-2026!' } as const;
export const PETERIS = { email: 'peteris@example.lv', password: 'Parole-2026!' } as const;

export interface LogInOptions {
  /** Ticks "remember me". */
  remember?: boolean;
  /** Demo mode: the time the server takes as now. */
  now?: string;
  /** Another server than the page's test server (a test's own, e.g. the mail harness's). */
  where?: { api: string; tenant: string };
}

/** Logs `who` in on the page's shared session, as a login widget would, and returns the store. */
export async function logIn(who: { email: string; password: string }, options: LogInOptions = {}): Promise<SessionStore> {
  const where = options.where ?? { api, tenant };
  const store = sessionStoreFor(where.api, where.tenant, options.now);
  await store.ready;
  await store.login(who.email, who.password, options.remember ?? false);
  return store;
}

/** An email nobody registered, so failed logins never lock out a real demo account. */
export function unknownEmail(): string {
  return `nobody-${crypto.randomUUID()}@example.lv`;
}

const containers: HTMLElement[] = [];

/** Puts `markup` in a fresh container on the page and returns the container. */
export function mount(markup: string, attributes: Record<string, string> = {}): HTMLElement {
  const container = document.createElement('div');
  for (const [name, value] of Object.entries(attributes)) container.setAttribute(name, value);
  container.innerHTML = markup;
  document.body.append(container);
  containers.push(container);
  return container;
}

/** The text of `element`'s shadow part `part` (e.g. its `message` or `notice`), trimmed; '' when absent. */
export function shadowText(element: Element, part: string): string {
  return element.shadowRoot!.querySelector(`[part~="${part}"]`)?.textContent?.trim() ?? '';
}

/** Logs out every session, forgets stores and storage, removes what tests mounted. */
export async function resetPage(): Promise<void> {
  for (const store of allSessionStores()) {
    await store.ready;
    await store.logout();
    store.dispose();
  }
  for (const container of containers.splice(0)) container.remove();
  document.querySelectorAll('doorstep-config').forEach((element) => element.remove());
  localStorage.clear();
  sessionStorage.clear();
  document.documentElement.lang = 'lv';
}

/**
 * Resolves once `condition` returns something truthy. The limit only keeps a broken test from
 * hanging; nothing is asserted about how long it took.
 */
export async function until<T>(condition: () => T | undefined | null | false, what: string, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves with the next `type` event that reaches `target`. */
export function nextEvent<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  type: K,
): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as GlobalEventHandlersEventMap[K]), { once: true }));
}
