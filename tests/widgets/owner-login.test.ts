import '../../widgets/define.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import { ApiError } from '../../widgets/core/api-error.ts';
import { allSessionStores, sessionStoreFor } from '../../widgets/core/session-store.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { ANNA, api, mount, nextEvent, resetPage, tenant, unknownEmail, until } from './support/fixture.ts';
import { greeting, input, loginForm, messageText, part, submitLogin } from './support/owner-login-driver.ts';

function mountLogin(attributes = '', containerAttributes: Record<string, string> = {}): OwnerLogin {
  const container = mount(`<owner-login api="${api}" tenant="${tenant}" ${attributes}></owner-login>`, containerAttributes);
  return container.querySelector('owner-login')!;
}

const sessionKey = `doorstep.session:${api}|${tenant}`;

describe('<owner-login>', () => {
  afterEach(resetPage);

  it('renders a light-DOM form with labels and autocomplete that password managers understand', async () => {
    const login = mountLogin();
    const form = await loginForm(login);
    assert(form.getRootNode() === document, 'the form is in the document, not in a shadow root');
    const expectations: Array<[string, string, string]> = [
      ['email', 'username', 'E-pasts'],
      ['password', 'current-password', 'Parole'],
    ];
    for (const [name, autocomplete, label] of expectations) {
      const field = input(login, name);
      assertEqual(field.getAttribute('autocomplete'), autocomplete, `${name} autocomplete`);
      assert(field.id, `${name} has an id`);
      assertEqual(form.querySelector(`label[for="${field.id}"]`)?.textContent?.trim(), label, `${name} label`);
    }
    assertEqual(input(login, 'email').type, 'email', 'email input type');
    assertEqual(input(login, 'password').type, 'password', 'password input type');
    const remember = input(login, 'remember');
    assertEqual(form.querySelector(`label[for="${remember.id}"]`)?.textContent?.trim(), 'Atcerēties mani', 'remember label');
    assertEqual(form.querySelector('button[type="submit"]')?.textContent?.trim(), 'Ienākt', 'submit text');
  });

  it('logs Anna in with values filled without input events, then logs her out everywhere', async () => {
    const login = mountLogin();
    const loggedIn = nextEvent(login, 'doorstep-login');
    await submitLogin(login, ANNA.email, ANNA.password);
    const event = await loggedIn;
    assertEqual(event.detail.user.email, ANNA.email, 'doorstep-login detail');
    assert(event.bubbles && event.composed, 'doorstep-login bubbles and is composed');

    const hello = await greeting(login);
    assertIncludes(hello.textContent, `Sveiki, ${ANNA.name}`, 'greeting');
    assert(!login.querySelector('form'), 'the login form is gone');
    await until(() => login.shadowRoot!.activeElement === hello, 'focus on the greeting');
    const stored = sessionStorage.getItem(sessionKey);
    assert(stored, 'without "remember me" the refresh token is kept for the tab only');
    assertEqual(localStorage.getItem(sessionKey), null, 'nothing in localStorage');

    const logoutButton = part(login, 'logout-button')!;
    assertEqual(logoutButton.textContent?.trim(), 'Iziet', 'logout text');
    const loggedOut = nextEvent(login, 'doorstep-logout');
    logoutButton.click();
    await loggedOut;
    await loginForm(login);
    assertEqual(part(login, 'greeting'), null, 'no greeting after logout');
    assertEqual(sessionStorage.getItem(sessionKey), null, 'stored token removed');

    // The server revoked the session: the refresh token from before is dead.
    const { refreshToken } = JSON.parse(stored) as { refreshToken: string };
    const refresh = await fetch(`${api}/v1/${tenant}/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    assertEqual(refresh.status, 401, 'refresh after logout');
  });

  it('remembers the session in localStorage and restores it after a reload', async () => {
    const login = mountLogin();
    await submitLogin(login, ANNA.email, ANNA.password, true);
    await greeting(login);
    assert(localStorage.getItem(sessionKey), 'remembered token in localStorage');
    assertEqual(sessionStorage.getItem(sessionKey), null, 'nothing in sessionStorage');

    // A reload: the page's stores and elements go, storage stays.
    for (const store of allSessionStores()) store.dispose();
    login.remove();
    const reloaded = mountLogin();
    const hello = await greeting(reloaded);
    assertIncludes(hello.textContent, ANNA.name, 'restored greeting');
    assertEqual(sessionStoreFor(api, tenant).user?.email, ANNA.email, 'restored user');
  });

  it('says "wrong email or password" in Latvian, in an alert region', async () => {
    const login = mountLogin();
    await submitLogin(login, unknownEmail(), 'Nepareiza-parole-1');
    await until(() => messageText(login), 'an error message');
    assertEqual(messageText(login), 'Nepareizs e-pasts vai parole.', 'Latvian error');
    assertEqual(part(login, 'message')!.getAttribute('role'), 'alert', 'message is a live alert region');
    assert(login.querySelector('form'), 'the form stays for another try');
  });

  it('speaks Russian with lang="ru"', async () => {
    const login = mountLogin('lang="ru"');
    const form = await loginForm(login);
    assertEqual(form.querySelector(`label[for="${input(login, 'password').id}"]`)?.textContent?.trim(), 'Пароль', 'label');
    await submitLogin(login, unknownEmail(), 'Nepareiza-parole-1');
    await until(() => messageText(login), 'an error message');
    assertEqual(messageText(login), 'Неверный адрес эл. почты или пароль.', 'Russian error');
  });

  it('follows the language of an ancestor and re-renders when it changes', async () => {
    const login = mountLogin('', { lang: 'en' });
    await submitLogin(login, unknownEmail(), 'Nepareiza-parole-1');
    await until(() => messageText(login), 'an error message');
    assertEqual(messageText(login), 'Wrong email or password.', 'English error');
    login.parentElement!.setAttribute('lang', 'ru');
    await until(() => messageText(login) === 'Неверный адрес эл. почты или пароль.', 'the Russian error');
    assertEqual(login.querySelector('button[type="submit"]')?.textContent?.trim(), 'Войти', 'Russian submit');
  });

  it('asks for empty fields before calling the server', async () => {
    const login = mountLogin();
    await submitLogin(login, '', '');
    await until(() => input(login, 'email').getAttribute('aria-invalid') === 'true', 'the email marked invalid');
    const email = input(login, 'email');
    const describedBy = email.getAttribute('aria-describedby')!.split(' ');
    const error = document.getElementById(describedBy[0]!);
    assertEqual(error?.textContent?.trim(), 'Šis lauks ir jāaizpilda.', 'email field error, linked by aria-describedby');
    assertEqual(input(login, 'password').getAttribute('aria-invalid'), 'true', 'password marked invalid');
    assertEqual(document.activeElement, email, 'focus on the first invalid field');
    assertEqual(messageText(login), '', 'no server error');
  });

  it('shows when a locked-out email may try again, in local time', async () => {
    const email = unknownEmail();
    const store = sessionStoreFor(api, tenant);
    let lock: ApiError | undefined;
    for (let attempt = 0; attempt < 12 && !lock; attempt++) {
      try {
        await store.login(email, 'Nepareiza-parole-1', false);
      } catch (error) {
        assert(error instanceof ApiError, 'login fails with an ApiError');
        if (error.code === 'locked_out') lock = error;
        else assertEqual(error.code, 'invalid_credentials', 'failure before the lock');
      }
    }
    assert(lock, 'the email got locked out');
    assertEqual(lock.status, 423, 'lockout status');
    assert(lock.retryAt, 'the lockout says until when');

    const login = mountLogin();
    await submitLogin(login, email, 'Nepareiza-parole-1');
    await until(() => messageText(login).includes('bloķēta'), 'the lockout message');
    const expected = new Intl.DateTimeFormat('lv', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(lock.retryAt);
    assertIncludes(messageText(login), `Mēģiniet vēlreiz pēc plkst. ${expected}.`, 'lockout message with the local time');
  });
});
