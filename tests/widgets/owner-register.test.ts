import '../../widgets/define.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import type { OwnerRegister } from '../../widgets/owner-register/owner-register.ts';
import { clearFragment, freshEmail, linkFragment, mailTo, openFromEmail, proof, STRONG_PASSWORD } from './support/accounts.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { api, mount, nextEvent, resetPage, shadowText, tenant, until } from './support/fixture.ts';
import { greeting, submitLogin, type } from './support/owner-login-driver.ts';
import { ruleState } from './support/password-rules.ts';

const RED = 'rgb(179, 38, 30)';
const GREEN = 'rgb(20, 108, 46)';

function mountRegister(lang?: string): OwnerRegister {
  const container = mount(`<owner-register api="${api}" tenant="${tenant}" terms-url="/noteikumi"></owner-register>`, lang ? { lang } : {});
  return container.querySelector('owner-register')!;
}

function field(element: Element, name: string): HTMLInputElement {
  const input = element.querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!input) throw new Error(`no field ${name}`);
  return input;
}

function check(element: Element, name: string, checked = true): void {
  const box = field(element, name);
  box.checked = checked;
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

const submit = (element: Element) => element.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();

describe('<owner-register>', () => {
  afterEach(async () => {
    clearFragment();
    await resetPage();
  });

  it('registers in Latvian with the live password rules, then the link from the email activates the account', async () => {
    const register = mountRegister();
    await until(() => register.querySelector('form'), 'the form');
    assertEqual(register.querySelector(`label[for="${field(register, 'accountNumber').id}"]`)?.textContent?.trim(), 'Klienta numurs', 'label');
    assertEqual(field(register, 'email').autocomplete, 'username', 'email autocomplete');
    assertEqual(field(register, 'password').autocomplete, 'new-password', 'password autocomplete');
    assertEqual(register.querySelector('a[href="/noteikumi"]')?.textContent, 'lietošanas noteikumiem', 'terms link');
    assertIncludes(register.textContent, 'Vēlos saņemt rēķinus uz norādīto e-pastu', 'invoices by email');

    const email = freshEmail('reg');
    type(field(register, 'email'), email);
    type(field(register, 'password'), 'īsa');
    const short = await ruleState(register, 'length', 'unmet');
    assertEqual(getComputedStyle(short).color, RED, 'unmet rule is red');
    assertIncludes(short.textContent, 'no 12 līdz 128 rakstzīmēm', 'length rule');
    type(field(register, 'password'), `${email.split('@')[0]}-Parole-2026`);
    await ruleState(register, 'contains_email', 'unmet');
    type(field(register, 'password'), STRONG_PASSWORD);
    const long = await ruleState(register, 'length', 'met');
    assertEqual(getComputedStyle(long).color, GREEN, 'met rule is green');
    await ruleState(register, 'contains_email', 'met');
    type(field(register, 'repeatPassword'), `${STRONG_PASSWORD}x`);
    await ruleState(register, 'match', 'unmet');
    type(field(register, 'repeatPassword'), STRONG_PASSWORD);
    await ruleState(register, 'match', 'met');
    await expectNoAxeViolations(register, 'the registration form');

    // The terms must be accepted first.
    const p = await proof();
    type(field(register, 'accountNumber'), p.accountNumber);
    type(field(register, 'invoiceNumber'), p.invoiceNumber);
    type(field(register, 'invoiceTotal'), p.invoiceTotal.replace('.', ','));
    submit(register);
    await until(() => register.textContent?.includes('Lai reģistrētos, jāpiekrīt lietošanas noteikumiem.'), 'the terms error');
    await until(() => document.activeElement === field(register, 'acceptTerms'), 'focus on the terms');

    check(register, 'acceptTerms');
    check(register, 'invoicesByEmail');
    submit(register);
    await until(() => shadowText(register, 'notice') === 'Reģistrācijas apstiprinājums tika nosūtīts uz Jūsu e-pasta adresi!', 'the answer');
    assert(!register.querySelector('form'), 'the form is gone');

    const mail = await mailTo(email, 'register_confirm');
    assertIncludes(mail.subject, 'Reģistrācijas apstiprinājums', 'the email subject');
    openFromEmail(linkFragment(mail));
    const confirming = mountRegister();
    const registered = nextEvent(confirming, 'doorstep-registered');
    await until(() => shadowText(confirming, 'notice') === 'Reģistrācija ir izdevusies!', 'the success');
    assertEqual((await registered).detail.email, email, 'doorstep-registered detail');
    assert(!location.hash.includes('token='), 'the token left the address bar');

    const login = mount(`<owner-login api="${api}" tenant="${tenant}"></owner-login>`).querySelector<OwnerLogin>('owner-login')!;
    await submitLogin(login, email, STRONG_PASSWORD);
    await greeting(login);
  });

  it('speaks Russian: labels, rules, a wrong proof and the terms', async () => {
    const register = mountRegister('ru');
    await until(() => register.querySelector('form'), 'the form');
    assertEqual(register.querySelector(`label[for="${field(register, 'accountNumber').id}"]`)?.textContent?.trim(), 'Номер клиента', 'label');
    assertIncludes(register.textContent, 'Хочу получать счета на указанный адрес эл. почты', 'invoices by email');
    type(field(register, 'password'), 'коротко');
    const rule = await ruleState(register, 'length', 'unmet');
    assertIncludes(rule.textContent, 'не выполнено', 'rule state for screen readers');

    submit(register);
    await until(() => register.textContent?.includes('Для регистрации нужно принять правила пользования.'), 'terms error');
    await until(() => register.textContent?.includes('Заполните это поле.'), 'required error');

    const email = freshEmail('ru');
    type(field(register, 'accountNumber'), '99999');
    type(field(register, 'invoiceNumber'), 'NAV-1');
    type(field(register, 'invoiceTotal'), '12,34');
    type(field(register, 'email'), email);
    type(field(register, 'password'), STRONG_PASSWORD);
    type(field(register, 'repeatPassword'), STRONG_PASSWORD);
    check(register, 'acceptTerms');
    submit(register);
    await until(
      () => shadowText(register, 'message') === 'Номер клиента, номер счёта или сумма не совпадают ни с одним из трёх последних счетов.',
      'the proof error in Russian',
    );
    assert(register.querySelector('form'), 'the form stays for another try');
    await expectNoAxeViolations(register, 'the form with errors');
  });

  it('says so when the link has been used already', async () => {
    const email = freshEmail('used');
    const p = await proof();
    const response = await fetch(`${api}/v1/${tenant}/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...p, email, password: STRONG_PASSWORD, acceptTerms: true }),
    });
    assertEqual(response.status, 202, 'registered');
    const fragment = linkFragment(await mailTo(email, 'register_confirm'));
    openFromEmail(fragment);
    const first = mountRegister();
    await until(() => shadowText(first, 'notice') === 'Reģistrācija ir izdevusies!', 'first use');
    openFromEmail(fragment);
    const second = mountRegister('ru');
    await until(() => shadowText(second, 'message') === 'Эта ссылка уже использована.', 'second use refused');
  });
});
