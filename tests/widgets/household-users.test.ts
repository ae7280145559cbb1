/**
 * <household-users> and <invitation-accept> in Chromium against real servers.
 *
 * The flow ends where the issue does: the new member sees invoices (<invoice-list>) but not the
 * readings input (<meter-readings>).
 *
 * The first tests use the suite's demo server (Anna owns two apartments; Līga is a household user
 * of the first with the `invoices` right). The flow tests use the mail harness: a second demo
 * server in the runner's process whose mail a test can read, delivered to a real SMTP server
 * started by the test run when the codebase has the outbox worker, else read from the outbox
 * table (the harness says which, and the test logs it).
 */
import '../../widgets/define.ts';
import { sessionStoreFor } from '../../widgets/core/session-store.ts';
import type { HouseholdUsers } from '../../widgets/household-users/household-users.ts';
import type { InvitationAccept } from '../../widgets/invitation-accept/invitation-accept.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { ANNA, api, LIGA, logIn, mount, nextEvent, PETERIS, resetPage, tenant, until } from './support/fixture.ts';
import { mailHarness, mailTo, type HarnessInfo } from './support/mail-harness.ts';

const NEW_PASSWORD = 'Zalas-Liepas-2026';

const shadow = (element: Element, selector: string) => element.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
const text = (element: Element, selector: string) => shadow(element, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const freshEmail = () => `member-${crypto.randomUUID().slice(0, 8)}@example.lv`;

function mountUsers(where: { api: string; tenant: string }): HouseholdUsers {
  return mount(`<household-users api="${where.api}" tenant="${where.tenant}"></household-users>`).querySelector('household-users')!;
}

/** Fills and sends the "add a user" form the way a resident does. */
async function invite(users: HouseholdUsers, email: string, rights: Array<'invoices' | 'readings'>): Promise<void> {
  const form = await until(() => shadow(users, 'form[part="invite-form"]') as HTMLFormElement | null, 'the invite form');
  (form.querySelector('[name="email"]') as HTMLInputElement).value = email;
  for (const box of form.querySelectorAll<HTMLInputElement>('[name="rights"]')) box.checked = rights.includes(box.value as 'invoices');
  form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

/** The invitation link's token from the newest email to `email`, as the invitee would click it. */
async function invitationFromMail(email: string): Promise<{ token: string; subject: string; source: string }> {
  let messages = await mailTo(email);
  // The worker sends on its own schedule; the limit only keeps a broken run from hanging.
  for (let tries = 0; messages.length === 0 && tries < 300; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    messages = await mailTo(email);
  }
  const mail = messages[0];
  assert(mail, `the invitation email to ${email} arrived`);
  const token = /#token=([A-Za-z0-9_-]+)&flow=invitation/.exec(mail!.text)?.[1];
  assert(token, `a link with the token in the email: ${mail!.text}`);
  return { token, subject: mail!.subject, source: mail!.source };
}

describe('<household-users> on the demo server', () => {
  afterEach(resetPage);

  it('asks to log in; tells a household user that only the owner manages users', async () => {
    const users = mountUsers({ api, tenant });
    await until(() => text(users, '[part="base"]').includes('Pieslēdzieties'), 'the log-in hint');
    await logIn(LIGA);
    await until(() => shadow(users, '[part="not-allowed"]'), 'the not-allowed note');
    assertEqual(shadow(users, 'form'), null, 'no invite form for a household user');
    assertIncludes(text(users, '[part="not-allowed"]'), 'tikai adreses īpašnieks', 'why');
  });

  it('Anna sees her users, gets field errors, invites, sees the pending invitation and withdraws it', async () => {
    const users = mountUsers({ api, tenant });
    const store = await logIn(ANNA);
    const form = await until(() => shadow(users, 'form[part="invite-form"]') as HTMLFormElement | null, 'the invite form');
    await until(() => shadow(users, 'h3'), 'the list of users');
    assertIncludes(text(users, '[part="intro"]'), store.activePremise!.label, 'about the active address');
    await expectNoAxeViolations(users, 'the users screen');

    // Nothing typed, no right ticked: both said, the email field focused.
    for (const box of form.querySelectorAll<HTMLInputElement>('[name="rights"]')) box.checked = false;
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => form.querySelector('[name="email"][aria-invalid="true"]'), 'the email marked invalid');
    assertIncludes(form.textContent, 'Šis lauks ir jāaizpilda.', 'email required');
    assertIncludes(form.textContent, 'Atzīmējiet vismaz vienu no tiesībām.', 'a right required');
    assertEqual(users.shadowRoot!.activeElement?.getAttribute('name'), 'email', 'focus on the first problem');

    const email = freshEmail();
    const changed = nextEvent(users, 'doorstep-members-change');
    await invite(users, email, ['invoices', 'readings']);
    assertEqual((await changed).detail.change, 'invited', 'doorstep-members-change says what happened');
    await until(() => text(users, '[part="notice"]') === `Uzaicinājums nosūtīts uz ${email}.`, 'the confirmation');
    const pending = await until(() => [...users.shadowRoot!.querySelectorAll('[part="invitation"]')].find((el) => el.textContent?.includes(email)), 'the pending invitation');
    assertIncludes(pending.textContent, 'Rēķinu apskate, Skaitītāju rādījumu ziņošana', 'with its rights');
    assertIncludes(pending.textContent, 'Derīgs līdz', 'and until when');
    await expectNoAxeViolations(users, 'with a pending invitation and a notice');

    pending.querySelector<HTMLButtonElement>('[data-action="withdraw"]')!.click();
    await until(() => text(users, '[part="notice"]').includes('atsaukts'), 'the withdrawal confirmation');
    await until(() => ![...users.shadowRoot!.querySelectorAll('[part="invitation"]')].some((el) => el.textContent?.includes(email)), 'the invitation gone');
  });

  it('inviting someone who already has access says so', async () => {
    const users = mountUsers({ api, tenant });
    const store = await logIn(ANNA);
    const first = [...store.premises].sort((a, b) => a.label.localeCompare(b.label))[0]!;
    store.setActivePremise(first.id);
    await invite(users, ANNA.email, ['invoices']);
    await until(() => text(users, '[part="message"]') === 'Šai personai jau ir piekļuve šai adresei.', 'the already-has-access message');
    // About no field: the alert itself takes focus, so it is read out and Tab goes on from there.
    await until(() => users.shadowRoot!.activeElement === shadow(users, '[part="message"]'), 'focus on the message', 4000);
  });

  it("saving a user's rights with none ticked says so at the card and focuses its first right", async () => {
    const users = mountUsers({ api, tenant });
    const store = await logIn(ANNA);
    const first = [...store.premises].sort((a, b) => a.label.localeCompare(b.label))[0]!;
    store.setActivePremise(first.id);
    const card = await until(() => shadow(users, '[part="member"]'), 'a household user (Līga)');
    const boxes = [...card.querySelectorAll<HTMLInputElement>('[name="rights"]')];
    for (const box of boxes) box.checked = false;
    card.querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
    await until(() => card.textContent?.includes('Atzīmējiet vismaz vienu no tiesībām.'), 'the missing right');
    await until(() => users.shadowRoot!.activeElement === boxes[0], 'focus on the first right', 4000);
    await expectNoAxeViolations(users, "a user's card with an error");
  });
});

describe('<invitation-accept> without a usable link', () => {
  afterEach(resetPage);

  it('shows nothing on a page opened without an invitation link', async () => {
    const accept = mount(`<invitation-accept api="${api}" tenant="${tenant}"></invitation-accept>`).querySelector<InvitationAccept>('invitation-accept')!;
    await accept.updateComplete;
    assertEqual(shadow(accept, '[part="base"]'), null, 'nothing rendered');
    assertEqual(accept.getBoundingClientRect().height, 0, 'and no space taken');
  });

  it('says plainly that an unknown link is not valid', async () => {
    const accept = mount(`<invitation-accept api="${api}" tenant="${tenant}" token="not-a-real-token" lang="en"></invitation-accept>`).querySelector('invitation-accept')!;
    await until(() => text(accept, '[part="message"]').startsWith('This invitation link is not valid.'), 'the not-valid message');
    assertEqual(accept.querySelector('form'), null, 'no form for a dead link');
    await expectNoAxeViolations(accept, 'a dead link');
  });
});

describe('inviting a household user, end to end, with the mail harness', () => {
  let harness: HarnessInfo;
  before(async function () {
    this.timeout(200_000);
    harness = await mailHarness();
    console.log(`invitation mail read from: ${harness.delivery}`);
  });
  afterEach(async () => {
    await resetPage();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('owner invites; the email arrives; the member sets a password with live rules, is logged in, and has invoices but not readings', async () => {
    const anna = await logIn(ANNA, { where: harness });
    const premise = anna.activePremise!;
    const email = freshEmail();
    const users = mountUsers(harness);
    await invite(users, email, ['invoices']);
    await until(() => text(users, '[part="notice"]').includes(email), 'the invitation sent');

    const mail = await invitationFromMail(email);
    assertEqual(mail.source, harness.delivery, 'the mail came the way the harness said');
    assertIncludes(mail.subject, 'Uzaicinājums', 'a Latvian invitation subject');
    await anna.logout();

    // The member opens the link: the token is in the fragment.
    location.hash = `token=${mail.token}&flow=invitation`;
    const accept = mount(`<invitation-accept api="${harness.api}" tenant="${harness.tenant}"></invitation-accept>`).querySelector<InvitationAccept>('invitation-accept')!;
    const form = await until(() => accept.querySelector<HTMLFormElement>('form.doorstep-form'), 'the password form');
    assert(form.getRootNode() === document, 'the password form is in the light DOM, for password managers');
    assertIncludes(text(accept, '[part="offer"]'), premise.label, 'the offer names the address');
    assertIncludes(text(accept, '[part="offer"]'), 'rēķinu apskate', 'and the right');
    assertEqual((form.querySelector('[autocomplete="username"]') as HTMLInputElement).value, email, 'the username for the password manager');

    const password = form.querySelector<HTMLInputElement>('[name="newPassword"]')!;
    const repeat = form.querySelector<HTMLInputElement>('[name="repeatPassword"]')!;
    password.value = 'short';
    password.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await until(() => form.querySelector('[data-rule="length"][data-state="unmet"]'), 'the length rule shown unmet, live');
    const unmet = getComputedStyle(form.querySelector('[data-rule="length"]')!).color;
    assertEqual(unmet, 'rgb(179, 38, 30)', 'unmet rules are red');
    password.value = NEW_PASSWORD;
    repeat.value = NEW_PASSWORD;
    password.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await until(() => form.querySelector('[data-rule="length"][data-state="met"]'), 'the length rule met');
    await expectNoAxeViolations(accept, 'the accept form');

    const accepted = nextEvent(accept, 'doorstep-invitation-accept');
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    assertEqual((await accepted).detail.outcome, 'created', 'a new account');
    const member = sessionStoreFor(harness.api, harness.tenant);
    await until(() => member.status === 'authenticated' && member.user?.email === email, 'the member logged in');
    assert(!location.hash.includes('token='), 'the used token is gone from the address bar');
    assertIncludes(text(accept, '[part="notice"]'), 'Jūs esat pieslēdzies', 'told so');

    // What the member may do on the address, as the server decides it.
    const active = member.activePremise;
    assertEqual(active?.id, premise.id, 'the invited address');
    assertEqual(active?.role, 'member', 'as a household user');
    assert(active?.actions?.includes('invoices.view'), 'sees invoices');
    assert(!active?.actions?.includes('readings.submit') && !active?.actions?.includes('readings.view'), 'no readings');
    const invoices = mount(`<invoice-list api="${harness.api}" tenant="${harness.tenant}"></invoice-list>`).querySelector('invoice-list')!;
    await until(() => shadow(invoices, '[part~="latest"]'), '<invoice-list> to show her the latest invoice');
    const readings = mount(`<meter-readings api="${harness.api}" tenant="${harness.tenant}"></meter-readings>`).querySelector('meter-readings')!;
    await until(() => text(readings, '[part="message"]').includes('neietver skaitītāju rādījumus'), '<meter-readings> to say readings are not in her rights');
    assertEqual(readings.shadowRoot!.querySelector('[part="input"]'), null, 'no readings input');
    const asMember = mountUsers(harness);
    await until(() => shadow(asMember, '[part="not-allowed"]'), 'and may not manage users');

    // The link works once.
    const again = mount(`<invitation-accept api="${harness.api}" tenant="${harness.tenant}" token="${mail.token}"></invitation-accept>`).querySelector('invitation-accept')!;
    await until(() => text(again, '[part="message"]').includes('jau ir pieņemts'), 'the used-link message');
  });

  it('an existing account is linked with one click, without a password form', async () => {
    const anna = await logIn(ANNA, { where: harness });
    await invite(mountUsers(harness), PETERIS.email, ['invoices', 'readings']);
    const { token } = await invitationFromMail(PETERIS.email);
    await anna.logout();
    const accept = mount(`<invitation-accept api="${harness.api}" tenant="${harness.tenant}" token="${token}"></invitation-accept>`).querySelector('invitation-accept')!;
    const button = await until(() => shadow(accept, '[part="accept-button"]'), 'the accept button');
    assertEqual(accept.querySelector('form'), null, 'no password form');
    const accepted = nextEvent(accept, 'doorstep-invitation-accept');
    button.click();
    assertEqual((await accepted).detail.outcome, 'linked', 'linked');
    await until(() => text(accept, '[part="notice"]').includes('Pieslēdzieties ar savu paroli'), 'told to log in as usual');
    const peteris = await logIn(PETERIS, { where: harness });
    assertEqual(peteris.premises.length, 2, 'his own apartment and Anna’s');
  });

  it("the owner changes a member's rights and removes the member", async () => {
    const anna = await logIn(ANNA, { where: harness });
    const premiseId = anna.activePremiseId!;
    const email = freshEmail();
    await anna.client.post(`/premises/${premiseId}/members`, { email, rights: ['invoices'] });
    const { token } = await invitationFromMail(email);
    await anna.client.post('/invitations/accept', { token, password: NEW_PASSWORD }, { auth: false });

    const users = mountUsers(harness);
    const card = await until(() => [...users.shadowRoot!.querySelectorAll<HTMLElement>('[part="member"]')].find((el) => el.textContent?.includes(email)), 'the member’s card');
    const boxes = [...card.querySelectorAll<HTMLInputElement>('[name="rights"]')];
    assertEqual(boxes.filter((b) => b.checked).map((b) => b.value).join(), 'invoices', 'current rights ticked');
    for (const box of boxes) box.checked = box.value === 'readings';
    card.querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
    await until(() => text(users, '[part="notice"]').includes('saglabātas'), 'saved');
    const list = await anna.client.get<{ members: Array<{ email: string; rights: string[] }> }>(`/premises/${premiseId}/members`);
    assertEqual(list.members.find((m) => m.email === email)?.rights.join(), 'readings', 'the server has the new rights');

    const fresh = await until(() => [...users.shadowRoot!.querySelectorAll<HTMLElement>('[part="member"]')].find((el) => el.textContent?.includes(email)), 'the card again');
    fresh.querySelector<HTMLButtonElement>('[data-action="remove"]')!.click();
    const confirm = await until(() => fresh.querySelector<HTMLButtonElement>('[data-action="confirm-remove"]'), 'the confirmation');
    assertEqual(users.shadowRoot!.activeElement, confirm, 'focus on the confirmation');
    await expectNoAxeViolations(users, 'confirming a removal');
    confirm.click();
    await until(() => text(users, '[part="notice"]').includes('vairs nevar piekļūt'), 'removed');
    await until(() => ![...users.shadowRoot!.querySelectorAll('[part="member"]')].some((el) => el.textContent?.includes(email)), 'the card gone');
  });
});
