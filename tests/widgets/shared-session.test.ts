import { html } from 'lit';
import '../../widgets/define.ts';
import { DoorstepElement } from '../../widgets/core/base-element.ts';
import { sessionStoreFor, type SessionStore } from '../../widgets/core/session-store.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { ANNA, api, mount, resetPage, tenant, until } from './support/fixture.ts';
import { greeting, loginForm, part, submitLogin } from './support/owner-login-driver.ts';

/** The smallest widget on the core: shows who is logged in and the active address. */
class SessionProbe extends DoorstepElement {
  protected override render() {
    const session = this.session;
    return html`<span class="user">${session?.user?.name ?? '-'}</span>
      <span class="premise">${session?.activePremise?.label ?? '-'}</span>`;
  }
}
customElements.define('session-probe', SessionProbe);

function probeText(probe: Element, which: 'user' | 'premise'): string {
  return probe.shadowRoot?.querySelector(`.${which}`)?.textContent ?? '';
}

describe('one session shared by every widget on the page', () => {
  afterEach(resetPage);

  it('logging in through one <owner-login> updates the other and a plain widget', async () => {
    const container = mount(`
      <owner-login id="header" api="${api}" tenant="${tenant}"></owner-login>
      <owner-login id="main" api="${api}/" tenant="${tenant}" lang="ru"></owner-login>
      <session-probe api="${api}" tenant="${tenant}"></session-probe>`);
    const header = container.querySelector<OwnerLogin>('#header')!;
    const main = container.querySelector<OwnerLogin>('#main')!;
    const probe = container.querySelector('session-probe')!;
    await loginForm(main);

    await submitLogin(header, ANNA.email, ANNA.password);
    const other = await greeting(main);
    assertIncludes(other.textContent, `Здравствуйте, ${ANNA.name}`, 'the other widget greets in its own language');
    await until(() => probeText(probe, 'user').includes(ANNA.name), 'the probe to show Anna');
    assertEqual(probeText(probe, 'premise'), sessionStoreFor(api, tenant).activePremise?.label, 'active premise shown');

    part(main, 'logout-button')!.click();
    await loginForm(header);
    await until(() => probeText(probe, 'user') === '-', 'the probe to show nobody');
  });

  it('takes api and tenant from <doorstep-config>', async () => {
    const container = mount(`<doorstep-config api="${api}" tenant="${tenant}"></doorstep-config><owner-login></owner-login>`);
    const login = container.querySelector<OwnerLogin>('owner-login')!;
    await submitLogin(login, ANNA.email, ANNA.password);
    await greeting(login);
  });

  it('shares one active address, remembered for the next visit', async () => {
    const container = mount(`<session-probe api="${api}" tenant="${tenant}"></session-probe><session-probe api="${api}" tenant="${tenant}"></session-probe>`);
    const [first, second] = [...container.querySelectorAll('session-probe')];
    const store = sessionStoreFor(api, tenant);
    await store.ready;
    await store.login(ANNA.email, ANNA.password, false);
    assertEqual(store.premises.length, 2, 'Anna has two apartments');
    assert(
      store.premises.some((premise) => premise.label === 'Malkalnes prospekts 3-111'),
      'one of them is Malkalnes prospekts 3-111',
    );
    const other = store.premises.find((premise) => premise.id !== store.activePremiseId)!;
    assert(store.setActivePremise(other.id), 'switching to her other apartment');
    await until(() => probeText(first!, 'premise') === other.label && probeText(second!, 'premise') === other.label, 'both widgets on the new address');
    assertEqual(localStorage.getItem(`doorstep.premise:${api}|${tenant}`), other.id, 'remembered');
    assertEqual(store.setActivePremise('not-hers'), false, 'an unknown premise is refused');
  });

  it('a second copy of the bundle gets the same store', async () => {
    const store = sessionStoreFor(api, tenant);
    const copy = (await import(
      /* @vite-ignore */ `${new URL('../../widgets/core/session-store.ts', import.meta.url).pathname}?copy=2`
    )) as typeof import('../../widgets/core/session-store.ts');
    assert(copy.sessionStoreFor !== sessionStoreFor, 'really a second copy of the module');
    assertEqual(copy.sessionStoreFor(api, tenant), store, 'the same store');
  });
});

/** A same-origin frame: its own JavaScript realm and stores, the page's storage — like another tab. */
async function openTab(): Promise<{ frame: HTMLIFrameElement; store: SessionStore; login: OwnerLogin }> {
  const frame = document.createElement('iframe');
  const moduleUrl = new URL('../../widgets/define.ts', import.meta.url).pathname;
  frame.srcdoc = `<!doctype html><html lang="lv"><body>
    <owner-login api="${api}" tenant="${tenant}"></owner-login>
    <script type="module">
      import { sessionStoreFor } from '${moduleUrl}';
      window.tabStore = sessionStoreFor('${api}', '${tenant}');
    </script></body></html>`;
  mount('').append(frame);
  const tab = await until(() => (frame.contentWindow as (Window & { tabStore?: SessionStore }) | null)?.tabStore, 'the other tab');
  await tab.ready;
  const login = frame.contentDocument!.querySelector('owner-login') as OwnerLogin;
  return { frame, store: tab, login };
}

describe('sessions across tabs', () => {
  afterEach(resetPage);

  it('a remembered login in one tab reaches the other; logout in one logs out the other', async () => {
    const here = sessionStoreFor(api, tenant);
    await here.ready;
    const other = await openTab();
    assertEqual(other.store.status, 'anonymous', 'the other tab starts logged out');
    assert(other.store !== here, 'separate stores, as in separate tabs');

    await here.login(ANNA.email, ANNA.password, true);
    await until(() => other.store.status === 'authenticated', 'the other tab to join the session');
    await greeting(other.login);

    await other.store.logout();
    await until(() => here.status === 'anonymous', 'this tab to log out too');
  });

  it('two tabs refreshing at once do not reuse a rotated refresh token', async () => {
    const here = sessionStoreFor(api, tenant);
    await here.ready;
    const other = await openTab();
    await here.login(ANNA.email, ANNA.password, true);
    await until(() => other.store.status === 'authenticated', 'the other tab to join the session');

    // Both tabs decide at the same moment that their access token was rejected.
    const [a, b] = await Promise.all([
      here.renewAfterRejection((await here.accessToken())!),
      other.store.renewAfterRejection((await other.store.accessToken())!),
    ]);
    assert(a && b, 'both tabs got a new access token');
    // Had either reused the other's old refresh token, the server would have revoked the session.
    await here.reload();
    await other.store.reload();
    assertEqual(here.status, 'authenticated', 'this tab still logged in');
    assertEqual(other.store.user?.email, ANNA.email, 'the other tab still logged in');
  });
});
