/**
 * What the account widget tests need from the demo server: mail from its outbox (demo mode writes
 * it to files and lists it at /demo/outbox.json), the proof a paper invoice would give
 * (/demo/registration-proof.json), fresh accounts registered through the API, and a way to open
 * the page "from a link in an email" (`#token=…&flow=…`).
 */
import { api, tenant } from './fixture.ts';

export const STRONG_PASSWORD = 'Ozolu-Lapas-Rudenī-7';

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  template: string | null;
  date: string;
}

export interface Proof {
  accountNumber: string;
  invoiceNumber: string;
  invoiceTotal: string;
}

/** An address nobody has used, in a domain that cannot receive real mail. */
export function freshEmail(prefix = 'resident'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}@example.lv`;
}

export async function proof(): Promise<Proof> {
  const response = await fetch(`${api}/demo/registration-proof.json?tenant=${tenant}`);
  if (!response.ok) throw new Error(`no registration proof: ${response.status}`);
  return (await response.json()) as Proof;
}

/** The newest message to `to` (of `template`, when given), waiting for the outbox worker. */
export async function mailTo(to: string, template?: string): Promise<OutboxMessage> {
  let found: OutboxMessage | undefined;
  const deadline = Date.now() + 20_000;
  while (!found) {
    const { messages } = (await (await fetch(`${api}/demo/outbox.json`)).json()) as { messages: OutboxMessage[] };
    found = messages.find((m) => m.to === to && (!template || m.template === template));
    if (found) break;
    if (Date.now() > deadline) throw new Error(`no mail to ${to}${template ? ` (${template})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return found;
}

/** The `#token=…&flow=…` part of the first link in a message. */
export function linkFragment(message: OutboxMessage): string {
  const match = /#token=[^\s]+/.exec(message.text);
  if (!match) throw new Error(`no link in: ${message.text}`);
  return match[0];
}

/** As if the resident had followed the link: the page's fragment holds the token. */
export function openFromEmail(fragment: string): void {
  history.replaceState(null, '', `${location.pathname}${location.search}${fragment}`);
}

export function clearFragment(): void {
  history.replaceState(null, '', `${location.pathname}${location.search}`);
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${api}/v1/${tenant}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/** Registers and confirms a new account through the API, as the widgets would. */
export async function registerAccount(email = freshEmail(), password = STRONG_PASSWORD, language = 'lv'): Promise<{ email: string; password: string }> {
  const registered = await post('/auth/register', { ...(await proof()), email, password, acceptTerms: true, language });
  if (registered.status !== 202) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const token = new URLSearchParams(linkFragment(await mailTo(email, 'register_confirm')).slice(1)).get('token');
  const confirmed = await post('/auth/register/confirm', { token });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${await confirmed.text()}`);
  return { email, password };
}
