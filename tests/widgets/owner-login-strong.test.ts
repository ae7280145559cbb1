/**
 * `<owner-login>` with a strong-login provider, in Chromium, against a real server and a real
 * OpenID Connect provider (oidc-harness.plugin.mjs): the provider's button appears, a click opens
 * the popup on the API's origin, the provider logs Anna in, the popup hands the one-time code back
 * by postMessage, and the widget ends logged in with a strong session. The same provider steps a
 * password session up in `<house-documents>` (the locked document then opens) and registers in
 * `<owner-register>` ("register with the bank" first).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import '../../widgets/define.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import { allSessionStores } from '../../widgets/core/session-store.ts';
import { openStrongLogin } from '../../widgets/owner-login/strong-login.ts';
import { assert, assertEqual } from './support/assert.ts';
import { captureDownload } from './support/downloads.ts';
import { ANNA, logIn, mount, resetPage, until } from './support/fixture.ts';

async function harness(limitMs = 240_000): Promise<{ api: string; tenant: string }> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    // Seeding the demo keeps the runner's process busy for a while: a command may go unanswered then.
    const answer = await executeServerCommand<{ api: string; tenant: string } | { pending: true }, undefined>('doorstep-oidc-harness').catch((error: Error) => {
      if (/Did not receive a server response/.test(error.message) && Date.now() < deadline) return { pending: true as const };
      throw error;
    });
    if (!('pending' in answer)) return answer;
    if (Date.now() > deadline) throw new Error('the strong-login harness did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('<owner-login> strong login', () => {
  afterEach(resetPage);

  it("takes the one-time code only from the API's origin and only from its own popup", async () => {
    // A page stand-in whose "popup" is a real window (a frame's), and messages that are real
    // MessageEvents with the origin and source a browser would give them, handed to the listener
    // the login added.
    const frame = document.body.appendChild(document.createElement('iframe'));
    const popup = frame.contentWindow!;
    const listeners: ((event: MessageEvent) => void)[] = [];
    let opened = '';
    const view = {
      location: new URL('https://manager.example/portal/'),
      open: (url: string) => ((opened = url), popup),
      addEventListener: (type: string, listener: (event: MessageEvent) => void) => type === 'message' && listeners.push(listener),
      removeEventListener: (type: string, listener: (event: MessageEvent) => void) => listeners.splice(listeners.indexOf(listener), 1),
    } as unknown as Window;
    let settled: string | undefined;
    const login = openStrongLogin({ api: 'https://api.example', tenant: 'demo', provider: 'demo-banka', remember: false }, view).then((code) => (settled = code));
    assert(opened.startsWith('https://api.example/v1/demo/auth/oidc/demo-banka/start?'), `the popup opens the API's start page: ${opened}`);
    assertEqual(listeners.length, 1, 'the login listens for messages');
    const post = (origin: string, source: unknown, code: string) => listeners[0]!(new MessageEvent('message', { origin, source: source as Window, data: { type: 'doorstep-oidc', code } }));
    post('https://evil.example', popup, 'from-another-origin');
    post('https://manager.example', popup, 'from-the-page-origin');
    post('https://api.example', window, 'from-another-window');
    await new Promise((resolve) => setTimeout(resolve, 0));
    assertEqual(settled, undefined, 'no message from elsewhere settles the login');
    assertEqual(listeners.length, 1, 'and the login still listens');
    post('https://api.example', popup, 'the-real-code');
    assertEqual(await login, 'the-real-code', "the popup's own message on the API's origin gives the code");
    assertEqual(listeners.length, 0, 'the listener goes once the code came');
    frame.remove();
  });

  it('shows the provider as a button and logs Anna in strongly through the popup', async function () {
    // The harness seeds a whole demo first (once per run): slow on a busy machine.
    this.timeout(360_000);
    const { api, tenant } = await harness(300_000);
    const container = mount(`<owner-login api="${api}" tenant="${tenant}"></owner-login>`);
    const login = container.querySelector('owner-login') as OwnerLogin;
    const button = await until(() => login.shadowRoot?.querySelector<HTMLButtonElement>('[part="strong-login-button"]') ?? undefined, 'the provider button');
    assertEqual(button.textContent?.trim(), 'Pieslēgties ar Demo Banka', 'button text');
    assertEqual(button.type, 'button', 'a real button, reachable by keyboard');
    button.click();
    const greeting = await until(() => login.shadowRoot?.querySelector('[part="greeting"]') ?? undefined, 'the greeting after the popup', 60_000);
    assertEqual(greeting.textContent?.trim(), 'Sveiki, Anna Bērziņa!', 'greeting');
    const store = allSessionStores().find((s) => s.api === api);
    assert(store, 'a session store for the harness');
    assertEqual(store!.user?.authLevel, 'strong', 'the session is strong');
  });

  it('<house-documents> steps a password session up in place, and the locked document then opens', async function () {
    this.timeout(360_000);
    const where = await harness(300_000);
    const store = await logIn(ANNA, { where });
    assertEqual(store.user?.authLevel, 'basic', 'a password session first');
    const element = mount(`<house-documents api="${where.api}" tenant="${where.tenant}"></house-documents>`).querySelector('house-documents')!;
    const row = '[data-category="meeting_protocol"] [part="document"]';
    const open = await until(() => element.shadowRoot?.querySelector<HTMLButtonElement>(`${row} [part="open-locked-button"]`) ?? undefined, 'the locked protocol with its open button');
    assertEqual(element.shadowRoot!.querySelector(`${row} [part="download-button"]`), null, 'no download in a password session');
    open.click();
    const provider = await until(() => element.shadowRoot?.querySelector<HTMLButtonElement>(`${row} [part="strong-login-button"]`) ?? undefined, "the provider's button in the row");
    assertEqual(provider.textContent?.trim(), 'Pieslēgties ar Demo Banka', 'the button names the provider');
    const saved = await captureDownload(() => provider.click(), 120_000);
    assert(/protokol/i.test(saved.download), `the protocol downloaded: ${saved.download}`);
    assertEqual(await saved.blob.slice(0, 5).text(), '%PDF-', 'a PDF');
    assertEqual(store.user?.authLevel, 'strong', 'the session is strong now');
    await until(() => element.shadowRoot?.querySelector(`${row} [part="download-button"]`) ?? undefined, 'the protocol unlocked in the list');
  });

  it('<owner-register> offers registering with the bank first, and that logs the customer in', async function () {
    this.timeout(360_000);
    const where = await harness(300_000);
    const element = mount(`<owner-register api="${where.api}" tenant="${where.tenant}"></owner-register>`).querySelector('owner-register')!;
    const button = await until(() => element.querySelector<HTMLButtonElement>('button[data-provider="bank"]') ?? undefined, 'the register-with-the-bank button');
    assertEqual(button.textContent?.trim(), 'Reģistrēties ar Demo Banka', 'button text');
    const form = element.querySelector('form')!;
    assert(button.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING, 'the bank comes before the invoice form');
    button.click();
    await until(() => element.shadowRoot?.querySelector('[part="notice"]')?.textContent?.includes('Reģistrācija ir izdevusies') || undefined, 'registered and logged in', 120_000);
    const store = allSessionStores().find((s) => s.api === where.api);
    assertEqual(store?.user?.authLevel, 'strong', 'a strong session');
    assertEqual(element.querySelector('form'), null, 'the form is gone');
  });
});
