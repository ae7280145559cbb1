/**
 * `<owner-login>` with a strong-login provider, in Chromium, against a real server and a real
 * OpenID Connect provider (oidc-harness.plugin.mjs): the provider's button appears, a click opens
 * the popup on the API's origin, the provider logs Anna in, the popup hands the one-time code back
 * by postMessage, and the widget ends logged in with a strong session.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import '../../widgets/define.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import { allSessionStores } from '../../widgets/core/session-store.ts';
import { assert, assertEqual } from './support/assert.ts';
import { mount, resetPage, until } from './support/fixture.ts';

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
});
