import '../../widgets/define.ts';
import type { OwnerLogin } from '../../widgets/owner-login/owner-login.ts';
import { expectNoAxeViolations as expectNoViolations } from './support/axe.ts';
import { ANNA, api, mount, resetPage, tenant, unknownEmail, until } from './support/fixture.ts';
import { greeting, loginForm, messageText, submitLogin } from './support/owner-login-driver.ts';

// The password change form is checked in change-password.test.ts, which owns Jānis's account.
describe('<owner-login> accessibility (axe-core)', () => {
  afterEach(resetPage);

  function mountLogin(): OwnerLogin {
    return mount(`<owner-login api="${api}" tenant="${tenant}"></owner-login>`).querySelector<OwnerLogin>('owner-login')!;
  }

  it('has no violations in the login form, with an error showing', async () => {
    const login = mountLogin();
    await loginForm(login);
    await expectNoViolations(login, 'the empty login form');
    await submitLogin(login, unknownEmail(), 'Nepareiza-parole-1');
    await until(() => messageText(login), 'the error');
    await expectNoViolations(login, 'the form with an error');
  });

  it('has no violations with field errors and when logged in', async () => {
    const login = mountLogin();
    await submitLogin(login, '', '');
    await until(() => login.querySelector('[aria-invalid="true"]'), 'field errors');
    await expectNoViolations(login, 'the form with field errors');
    await submitLogin(login, ANNA.email, ANNA.password);
    await greeting(login);
    await expectNoViolations(login, 'the logged-in state');
  });
});
