/**
 * `<owner-login>`'s parts that are no part of its first load still work once they arrive: the
 * session store (the form shows before it; a remembered resident sees "loading", never the form),
 * the forgot-password event's class (imported on the click), and the password change's rule
 * styles (adopted when its module loads; change-password.test.ts checks their colours).
 */
import '../../widgets/define.ts';
import { sessionSlot } from '../../widgets/core/session-key.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import { DoorstepForgotPasswordEvent } from '../../widgets/password-reset/doorstep-forgot-password.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { ANNA, api, logIn, mount, resetPage, tenant, until } from './support/fixture.ts';
import { greeting, input, loginForm, submitLogin } from './support/owner-login-driver.ts';

const storeFor = sessionSlot.storeFor;

/** As on a page where the session store's module has not arrived yet: the element imports it. */
function withoutSessionModule(): void {
  delete sessionSlot.storeFor;
}

function mountLogin(): OwnerLogin {
  return mount(`<owner-login api="${api}" tenant="${tenant}"></owner-login>`).querySelector<OwnerLogin>('owner-login')!;
}

describe('<owner-login> parts loaded after its first render', () => {
  afterEach(async () => {
    sessionSlot.storeFor ??= storeFor;
    await resetPage();
  });

  it('shows the form before the session store is here, and logging in works once it is', async () => {
    assert(storeFor, 'the session store module has run in this page');
    withoutSessionModule();
    const login = mountLogin();
    await login.updateComplete;
    assert(login.querySelector('input[name="email"]'), 'the form at the first render');
    await submitLogin(login, ANNA.email, ANNA.password);
    assertIncludes((await greeting(login)).textContent, 'Anna', 'the greeting');
    assert(sessionSlot.storeFor, 'the element loaded the session store');
  });

  it('a remembered resident sees no login form while the session store arrives and restores', async () => {
    await logIn(ANNA, { remember: true });
    withoutSessionModule();
    const login = mountLogin();
    await login.updateComplete;
    assertEqual(login.querySelector('input[name="email"]'), null, 'no form at the first render');
    assertIncludes((await greeting(login)).textContent, 'Anna', 'the greeting');
  });

  it('"Aizmirsi paroli?" sends a DoorstepForgotPasswordEvent with the email typed, once its class is imported', async () => {
    const login = mountLogin();
    await loginForm(login);
    input(login, 'email').value = 'anna@example.lv';
    const events: Event[] = [];
    document.addEventListener('doorstep-forgot-password', (event) => events.push(event), { once: true });
    const forgot = [...login.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Aizmirsi paroli?')!;
    forgot.click();
    const event = await until(() => events[0], 'the event');
    assert(event instanceof DoorstepForgotPasswordEvent, 'the class of <password-reset>');
    assertEqual((event as DoorstepForgotPasswordEvent).detail.email, 'anna@example.lv', 'the email typed');
    assert(event.bubbles && event.composed, 'bubbles out of the element');
  });
});
