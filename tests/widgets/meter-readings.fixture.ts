/**
 * Moments for the reading-window tests. The demo seed writes two years of readings up to the
 * moment the server started, so the tests stand in the current month: on its 15th (the demo
 * tenant's window is closed) and on its last day (open, and no reading yet for this month).
 */
import type { SessionStore } from '../../widgets/core/session-store.ts';
import { api, logIn, mount, tenant, until } from './support/fixture.ts';

const pad = (n: number) => String(n).padStart(2, '0');

function rigaToday(): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  return { year: Number(parts.find((p) => p.type === 'year')!.value), month: Number(parts.find((p) => p.type === 'month')!.value) };
}

const { year, month } = rigaToday();
const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
const next = new Date(Date.UTC(year, month, 1));

/** Noon-ish in Riga on the 15th: the window is closed. */
export const CLOSED_NOW = `${year}-${pad(month)}-15T09:00:00Z`;
/** The last day of the month, mid-morning in Riga: the window is open. */
export const OPEN_NOW = `${year}-${pad(month)}-${pad(lastDay)}T08:00:00Z`;

/** The demo tenant's window for this month, as the widget prints it in Latvian and Russian. */
export const WINDOW_FROM = `${pad(lastDay - 1)}.${pad(month)}.${year}`;
export const WINDOW_TO = `01.${pad(next.getUTCMonth() + 1)}.${next.getUTCFullYear()}`;


export const PASSWORD = 'Parole-2026!';

/** Logs `email` in on the page's shared session, with the server standing at `now`. */
export function loginAt(email: string, now: string): Promise<SessionStore> {
  return logIn({ email, password: PASSWORD }, { now });
}

/** Mounts `<tag>` for the test server at `now`, in a container with the given attributes. */
export function mountWidget<K extends 'meter-readings' | 'consumption-history'>(
  tag: K,
  now: string,
  container: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  return mount(`<${tag} api="${api}" tenant="${tenant}" now="${now}"></${tag}>`, container).querySelector(tag)!;
}

/** The card of the meter with this serial number, once the list has loaded. */
export function meterCard(element: HTMLElement, serial: string): Promise<HTMLElement> {
  return until(
    () => [...(element.shadowRoot?.querySelectorAll<HTMLElement>('.meter') ?? [])].find((card) => card.querySelector('.serial')?.textContent?.trim() === serial),
    `the card of meter ${serial}`,
  );
}

/** Normalised visible text. */
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
