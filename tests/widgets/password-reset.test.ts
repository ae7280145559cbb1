import '../../widgets/define.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import type { PasswordReset } from '../../widgets/password-reset/password-reset.ts';
import { clearFragment, freshEmail, linkFragment, mailTo, openFromEmail, registerAccount } from './support/accounts.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { api, mount, nextEvent, resetPage, shadowText, tenant, until } from './support/fixture.ts';
import { greeting, input, loginForm, messageText, submitLogin, type } from './support/owner-login-driver.ts';
import { ruleState } from './support/password-rules.ts';

const NEW_PASSWORD = 'Priedes-Zari-Ziemā-42';

function mountPair(lang?: string): { login: OwnerLogin; reset: PasswordReset } {
  const container = mount(
    `<owner-login api="${api}" tenant="${tenant}"></owner-login><password-reset api="${api}" tenant="${tenant}"></password-reset>`,
    lang ? { lang } : {},
  );
  return { login: container.querySelector('owner-login')!, reset: container.querySelector('password-reset')! };
}

function forgotButton(login: OwnerLogin, text: string): HTMLButtonElement {
  const button = [...login.querySelectorAll<HTMLButtonElement>('button[type="button"]')].find((b) => b.textContent?.trim() === text);
  if (!button) throw new Error(`no "${text}" button`);
  return button;
}

describe('<password-reset>', () => {
  afterEach(async () => {
    clearFragment();
    await resetPage();
  });

  it('an email that is not one: the error is under the field, which takes focus back', async () => {
    const { login, reset } = mountPair();
    await loginForm(login);
    forgotButton(login, 'Aizmirsi paroli?').click();
    const email = await until(() => reset.querySelector<HTMLInputElement>('input[name="email"]'), 'the email step');
    email.value = 'anna-bez-domeina';
    reset.querySelector<HTMLButtonElement>('button[type="submit"]')!.focus();
    reset.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => reset.textContent?.includes('Ievadiet e-pasta adresi, piemēram, vards@example.lv.'), 'the error');
    await until(() => document.activeElement === email, 'focus back on the email');
    assertEqual(email.getAttribute('aria-invalid'), 'true', 'marked invalid');
    await expectNoAxeViolations(reset, 'the email step with an error');
  });

  it('"Aizmirsi paroli?" in <owner-login> opens it; the same answer for any email; the link sets a new password with live rules', async () => {
    const account = await registerAccount();
    const { login, reset } = mountPair();
    await loginForm(login);
    assert(!reset.open && getComputedStyle(reset).display === 'none', 'closed at first');
    input(login, 'email').value = account.email;
    forgotButton(login, 'Aizmirsi paroli?').click();
    const email = await until(() => reset.querySelector<HTMLInputElement>('input[name="email"]'), 'the email step');
    assert(reset.open, 'opened');
    assertEqual(email.value, account.email, 'the email typed into the login form comes along');
    await until(() => document.activeElement === email, 'focus on the email');
    await expectNoAxeViolations(reset, 'the email step');

    reset.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const sent = 'Ja šī e-pasta adrese ir reģistrēta, uz to ir nosūtīta saite paroles atjaunošanai. Saite ir derīga 30 minūtes.';
    await until(() => shadowText(reset, 'notice') === sent, 'the answer');

    // An unknown email gets the very same answer.
    reset.show(freshEmail('nobody'));
    await until(() => reset.querySelector('input[name="email"]'), 'the email step again');
    reset.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => shadowText(reset, 'notice') === sent, 'the same answer');

    const mail = await mailTo(account.email, 'password_reset');
    openFromEmail(linkFragment(mail));
    const fromLink = mount(`<password-reset api="${api}" tenant="${tenant}"></password-reset>`).querySelector<PasswordReset>('password-reset')!;
    const next = await until(() => fromLink.querySelector<HTMLInputElement>('input[name="newPassword"]'), 'the new-password step');
    assert(!location.hash.includes('token='), 'the token left the address bar');
    assertEqual(next.autocomplete, 'new-password', 'autocomplete');
    type(next, 'īsa');
    await ruleState(fromLink, 'length', 'unmet');
    type(next, NEW_PASSWORD);
    await ruleState(fromLink, 'length', 'met');
    const repeat = fromLink.querySelector<HTMLInputElement>('input[name="repeatPassword"]')!;
    type(repeat, 'Priedes');
    await ruleState(fromLink, 'match', 'unmet');
    type(repeat, NEW_PASSWORD);
    await ruleState(fromLink, 'match', 'met');
    await expectNoAxeViolations(fromLink, 'the new-password step');

    const done = nextEvent(fromLink, 'doorstep-password-reset');
    fromLink.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await done;
    await until(() => shadowText(fromLink, 'notice') === 'Parole ir nomainīta. Tagad varat pieslēgties ar jauno paroli.', 'done');

    await submitLogin(login, account.email, account.password);
    await until(() => messageText(login) === 'Nepareizs e-pasts vai parole.', 'the old password no longer works');
    await submitLogin(login, account.email, NEW_PASSWORD);
    await greeting(login);
  });

  it('speaks Russian, shows the server-only rule after a refusal, and a used link offers a new one', async () => {
    const account = await registerAccount(freshEmail('ivan'));
    const { login, reset } = mountPair('ru');
    await loginForm(login);
    forgotButton(login, 'Забыли пароль?').click();
    const email = await until(() => reset.querySelector<HTMLInputElement>('input[name="email"]'), 'the email step');
    assertIncludes(reset.textContent, 'Восстановление пароля', 'heading');
    type(email, 'ne-e-pasts');
    reset.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => reset.textContent?.includes('Введите адрес эл. почты, например, imja@example.lv.'), 'invalid email');
    type(email, account.email);
    reset.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => shadowText(reset, 'notice').startsWith('Если этот адрес эл. почты зарегистрирован'), 'the answer in Russian');

    const fragment = linkFragment(await mailTo(account.email, 'password_reset'));
    openFromEmail(fragment);
    const fromLink = mount(`<password-reset api="${api}" tenant="${tenant}"></password-reset>`, { lang: 'ru' }).querySelector<PasswordReset>('password-reset')!;
    const next = await until(() => fromLink.querySelector<HTMLInputElement>('input[name="newPassword"]'), 'the new-password step');
    const repeat = fromLink.querySelector<HTMLInputElement>('input[name="repeatPassword"]')!;
    // Contains the email's local part: only the server knows the email here, so the rule appears after it refuses.
    const withEmail = `${account.email.split('@')[0]}-Пароль-2026`;
    type(next, withEmail);
    type(repeat, withEmail);
    assert(!fromLink.querySelector('.doorstep-rule[data-rule="contains_email"]'), 'not judged before the server');
    fromLink.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const rule = await ruleState(fromLink, 'contains_email', 'unmet');
    assertIncludes(rule.textContent, 'не выполнено', 'the refused rule, in Russian');
    await until(() => shadowText(fromLink, 'message') === 'Новый пароль не соответствует требованиям безопасности.', 'the refusal');

    type(next, NEW_PASSWORD);
    type(repeat, NEW_PASSWORD);
    fromLink.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => shadowText(fromLink, 'notice') === 'Пароль изменён. Теперь вы можете войти с новым паролем.', 'done in Russian');

    openFromEmail(fragment);
    const again = mount(`<password-reset api="${api}" tenant="${tenant}"></password-reset>`, { lang: 'ru' }).querySelector<PasswordReset>('password-reset')!;
    const retry = await until(() => again.querySelector<HTMLInputElement>('input[name="newPassword"]'), 'the form');
    type(retry, `${NEW_PASSWORD}!`);
    type(again.querySelector<HTMLInputElement>('input[name="repeatPassword"]')!, `${NEW_PASSWORD}!`);
    again.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => shadowText(again, 'message') === 'Эта ссылка уже использована.', 'the used link');
    const requestNew = await until(
      () => [...again.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Запросить новую ссылку'),
      'the request-new button',
    );
    requestNew.click();
    await until(() => again.querySelector('input[name="email"]'), 'back to the email step');
  });
});
