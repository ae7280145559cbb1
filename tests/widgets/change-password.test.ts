import '../../widgets/define.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { api, JANIS, mount, resetPage, tenant, until } from './support/fixture.ts';
import { greeting, input, loginForm, messageText, part, submitLogin, type } from './support/owner-login-driver.ts';
import { passwordRule, ruleState } from './support/password-rules.ts';

const RED = 'rgb(179, 38, 30)';
const GREEN = 'rgb(20, 108, 46)';

describe('<owner-login> forced password change', () => {
  afterEach(resetPage);

  // Jānis was created by the manager with a temporary password. This test changes it, so the
  // server must be fresh for each run (scripts/test.mjs starts one).
  it('shows the rules live in red and green, the server-only "common" rule after submit, then logs in', async () => {
    const login = mount(`<owner-login api="${api}" tenant="${tenant}"></owner-login>`).querySelector<OwnerLogin>('owner-login')!;
    await submitLogin(login, JANIS.email, JANIS.password);
    const next = await until(() => login.querySelector<HTMLInputElement>('input[name="newPassword"]'), 'the change form');
    const repeat = input(login, 'repeatPassword');
    assertEqual(next.getAttribute('autocomplete'), 'new-password', 'new password autocomplete');
    assertEqual(repeat.getAttribute('autocomplete'), 'new-password', 'repeat autocomplete');
    assertEqual(input(login, 'username').value, JANIS.email, 'hidden username for the password manager');
    assertEqual(login.querySelector('input[name="currentPassword"]'), null, 'the just-typed password is not asked again');
    await until(() => login.querySelector('form')?.contains(document.activeElement) && document.activeElement === next, 'focus on the new password');

    // Nothing typed: every rule is red.
    const length = await ruleState(login, 'length', 'unmet');
    assertEqual(getComputedStyle(length).color, RED, 'unmet rule is red');
    assertIncludes(length.textContent, 'no 12 līdz 128 rakstzīmēm', 'length rule text');
    assertIncludes(length.textContent, 'nav izpildīts', 'state told to screen readers');
    assert(next.getAttribute('aria-describedby')?.includes(login.querySelector('.doorstep-rules')!.id), 'rules describe the field');
    await expectNoAxeViolations(login, 'the change form');

    type(next, 'Īsa-1');
    await ruleState(login, 'length', 'unmet');
    await ruleState(login, 'contains_email', 'met');

    type(next, 'janis-Parole-2026');
    const met = await ruleState(login, 'length', 'met');
    assertEqual(getComputedStyle(met).color, GREEN, 'met rule is green');
    assertIncludes(met.textContent, 'izpildīts', 'met state told');
    await ruleState(login, 'contains_email', 'unmet');

    type(next, JANIS.password);
    await ruleState(login, 'same_as_current', 'unmet');

    // A common password passes every rule the widget can check; only the server knows.
    type(next, 'qwerty123456');
    type(repeat, 'qwerty12345');
    await ruleState(login, 'match', 'unmet');
    type(repeat, 'qwerty123456');
    await ruleState(login, 'match', 'met');
    await ruleState(login, 'same_as_current', 'met');
    assertEqual(passwordRule(login, 'common'), null, 'no "common" rule before the server has spoken');
    login.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const common = await ruleState(login, 'common', 'unmet');
    assertIncludes(common.textContent, 'nav pārāk vienkārša', 'common rule text');
    assertEqual(messageText(login), 'Jaunā parole neatbilst drošības prasībām.', 'server refusal message');

    const chosen = `Jauna-Parole-${crypto.randomUUID().slice(0, 8)}`;
    type(next, chosen);
    type(repeat, chosen);
    await until(() => passwordRule(login, 'common') === null, 'the common rule to go for a new password');
    login.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const hello = await greeting(login);
    assertIncludes(hello.textContent, 'Sveiki, Jānis', 'logged in after the change');
    assertEqual(part(login, 'notice')?.textContent?.trim(), 'Parole ir nomainīta.', 'success notice');

    // The new password works and no longer asks for a change.
    part(login, 'logout-button')!.click();
    await loginForm(login);
    await submitLogin(login, JANIS.email, chosen);
    await greeting(login);
  });
});
