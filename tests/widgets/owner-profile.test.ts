import '../../widgets/define.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import type { OwnerProfile } from '../../widgets/owner-profile/owner-profile.ts';
import { sessionStoreFor } from '../../widgets/core/session-store.ts';
import { clearFragment, freshEmail, linkFragment, mailTo, openFromEmail, registerAccount } from './support/accounts.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { api, mount, nextEvent, resetPage, shadowText, tenant, until } from './support/fixture.ts';
import { greeting, loginForm, submitLogin, type } from './support/owner-login-driver.ts';
import { ruleState } from './support/password-rules.ts';

const NEXT_PASSWORD = 'Bērzu-Birzs-Pavasarī-9';

async function loggedInProfile(account: { email: string; password: string }, lang?: string): Promise<{ login: OwnerLogin; profile: OwnerProfile }> {
  const container = mount(`<owner-login api="${api}" tenant="${tenant}"></owner-login><owner-profile api="${api}" tenant="${tenant}"></owner-profile>`, lang ? { lang } : {});
  const login = container.querySelector<OwnerLogin>('owner-login')!;
  const profile = container.querySelector<OwnerProfile>('owner-profile')!;
  await submitLogin(login, account.email, account.password);
  await greeting(login);
  await until(() => profile.querySelector('form[data-form="contact"]'), 'the profile forms');
  return { login, profile };
}

const form = (profile: Element, name: string) => profile.querySelector<HTMLFormElement>(`form[data-form="${name}"]`)!;
const field = (profile: Element, formName: string, name: string) => form(profile, formName).querySelector<HTMLInputElement>(`[name="${name}"]`)!;
const notice = (profile: Element, name: string) => form(profile, name)?.querySelector('.doorstep-form-notice')?.textContent?.trim() ?? '';
const submit = (profile: Element, name: string) => form(profile, name).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

describe('<owner-profile>', () => {
  afterEach(async () => {
    clearFragment();
    await resetPage();
  });

  it('asks to log in first', async () => {
    const profile = mount(`<owner-profile api="${api}" tenant="${tenant}"></owner-profile>`).querySelector<OwnerProfile>('owner-profile')!;
    await until(() => profile.shadowRoot?.textContent?.includes('Lai skatītu un mainītu savus datus, lūdzu, pieslēdzieties.'), 'the hint');
    assert(!profile.querySelector('form'), 'no forms');
  });

  it('in Latvian: contact details, emails, password with live rules, and logout everywhere', async () => {
    const account = await registerAccount();
    const { login, profile } = await loggedInProfile(account);
    await expectNoAxeViolations(profile, 'the profile');

    type(field(profile, 'contact', 'name'), 'Inese Ozoliņa');
    type(field(profile, 'contact', 'phone'), '+371 29 000 111');
    const changed = nextEvent(profile, 'doorstep-profile-change');
    submit(profile, 'contact');
    await until(() => notice(profile, 'contact') === 'Izmaiņas saglabātas.', 'saved');
    assertEqual((await changed).detail.profile.phone, '+37129000111', 'the phone as saved');
    await until(() => login.shadowRoot?.textContent?.includes('Sveiki, Inese Ozoliņa!'), 'the login greeting follows the new name');

    const reminders = field(profile, 'emails', 'readingReminders');
    assert(reminders.checked, 'reminders on by default');
    reminders.checked = false;
    const receipts = field(profile, 'emails', 'readingReceipts');
    assert(!receipts.checked, 'reading receipts off unless chosen');
    assert(form(profile, 'emails').textContent?.includes('Apstiprinājums e-pastā par katru manis iesniegto rādījumu'), 'the receipts choice is labelled in Latvian');
    receipts.checked = true;
    field(profile, 'emails', 'invoicesByEmail').checked = true;
    submit(profile, 'emails');
    await until(() => notice(profile, 'emails') === 'Izmaiņas saglabātas.', 'saved');
    const saved = await sessionStoreFor(api, tenant).client.get<{ emailPreferences: Record<string, boolean> }>('/me/profile');
    assertEqual(saved.emailPreferences['readingReminders'], false, 'reminders off');
    assertEqual(saved.emailPreferences['invoicesByEmail'], true, 'invoices by email on');
    assertEqual(saved.emailPreferences['readingReceipts'], true, 'reading receipts on');

    // The password: old once, new twice, with the rules live.
    const passwordForm = form(profile, 'password');
    type(field(profile, 'password', 'currentPassword'), account.password);
    type(field(profile, 'password', 'newPassword'), account.password);
    await ruleState(passwordForm, 'same_as_current', 'unmet');
    type(field(profile, 'password', 'newPassword'), `${account.email.split('@')[0]}-Parole-1`);
    await ruleState(passwordForm, 'contains_email', 'unmet');
    type(field(profile, 'password', 'newPassword'), NEXT_PASSWORD);
    await ruleState(passwordForm, 'length', 'met');
    await ruleState(passwordForm, 'contains_email', 'met');
    await ruleState(passwordForm, 'same_as_current', 'met');
    type(field(profile, 'password', 'repeatPassword'), NEXT_PASSWORD);
    await ruleState(passwordForm, 'match', 'met');
    submit(profile, 'password');
    await until(() => notice(profile, 'password') === 'Parole ir nomainīta. Citās ierīcēs Jūs tikāt izrakstīts.', 'password changed');

    const loggedOut = nextEvent(profile, 'doorstep-logout');
    submit(profile, 'sessions');
    await loggedOut;
    await until(() => profile.shadowRoot?.textContent?.includes('Lai skatītu un mainītu savus datus'), 'logged out');
    await loginForm(login);
    await submitLogin(login, account.email, NEXT_PASSWORD);
    await greeting(login);
  });

  it('in Russian: a bad phone, then an email change confirmed from the link', async () => {
    const account = await registerAccount(freshEmail('olga'));
    const { login, profile } = await loggedInProfile(account, 'ru');
    assertIncludes(form(profile, 'contact').textContent, 'Контактная информация', 'legend in Russian');

    type(field(profile, 'contact', 'phone'), 'позвоните мне');
    submit(profile, 'contact');
    await until(() => form(profile, 'contact').textContent?.includes('Введите номер телефона, например, +371 20000000.'), 'the phone error');
    await until(() => document.activeElement === field(profile, 'contact', 'phone'), 'focus on the field in error');

    const newEmail = freshEmail('olga-new');
    type(field(profile, 'email', 'newEmail'), newEmail);
    type(field(profile, 'email', 'currentPassword'), 'nepareiza-parole-1');
    submit(profile, 'email');
    await until(() => form(profile, 'email').textContent?.includes('Текущий пароль указан неверно.'), 'wrong password');
    await until(() => document.activeElement === field(profile, 'email', 'currentPassword'), 'focus on the wrong password');

    field(profile, 'email', 'newEmail').value = newEmail;
    field(profile, 'email', 'currentPassword').value = account.password;
    submit(profile, 'email');
    assertEqual(form(profile, 'email').querySelector('.doorstep-form-notice')!.getAttribute('role'), 'status', 'the outcome is announced');
    await until(() => notice(profile, 'email') === `На ${newEmail} отправлена ссылка для подтверждения. Адрес изменится после подтверждения.`, 'sent');
    await until(() => form(profile, 'email').textContent?.includes(`Ожидает подтверждения: ${newEmail}`), 'pending shown');

    openFromEmail(linkFragment(await mailTo(newEmail, 'email_change_confirm')));
    const fromLink = mount(`<owner-profile api="${api}" tenant="${tenant}"></owner-profile>`, { lang: 'ru' }).querySelector<OwnerProfile>('owner-profile')!;
    await until(() => shadowText(fromLink, 'notice') === `Адрес эл. почты изменён на ${newEmail}.`, 'confirmed');
    assert(!location.hash.includes('token='), 'the token left the address bar');

    await sessionStoreFor(api, tenant).logout();
    await loginForm(login);
    await submitLogin(login, newEmail, account.password);
    await greeting(login);
  });
});
