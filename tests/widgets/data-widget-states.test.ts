/**
 * The data widgets while they load and when loading fails, in Latvian, English and Russian: each
 * says so in the page's language, marks itself busy while loading, announces the failure, and
 * passes axe (WCAG 2.2 AA tags, support/axe.ts) in both states. And where focus goes when
 * something the resident did fails for no field's sake (the network): to the message, an alert,
 * in <manager-contact> (opening a thread, sending a question) and <household-users> (inviting).
 * A load error when a widget first appears takes no focus: nobody asked for anything yet.
 */
import '../../widgets/define.ts';
import type { HouseholdUsers } from '../../widgets/household-users/household-users.ts';
import type { ManagerContact } from '../../widgets/manager-contact/manager-contact.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { ANNA, api, logIn, mount, resetPage, tenant, until } from './support/fixture.ts';

const DATA_WIDGETS = ['invoice-list', 'notice-feed', 'house-documents', 'consumption-history', 'manager-contact', 'household-users'] as const;
const LANGUAGES = ['lv', 'en', 'ru'] as const;
type Lang = (typeof LANGUAGES)[number];

const LOADING: Record<Lang, string> = { lv: 'Ielādē', en: 'Loading', ru: 'Загрузка' };
const NETWORK_ERROR: Record<Lang, string> = { lv: 'Neizdevās sazināties ar serveri', en: 'Could not reach the server', ru: 'Не удалось связаться с сервером' };


const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Replaces `fetch` until `restore()`: every request fails as a dropped connection, or never answers. */
function network(mode: 'down' | 'stalled'): { restore(): void } {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (_input: RequestInfo | URL, init?: RequestInit) => {
    if (mode === 'down') return Promise.reject(new TypeError('Failed to fetch'));
    // Stalled: answers nothing, but lets the widget cancel (a new address, leaving the page).
    return new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
    });
  };
  return { restore: () => void (globalThis.fetch = realFetch) };
}

function mountAll(lang: Lang): HTMLElement[] {
  const markup = DATA_WIDGETS.map((tag) => `<${tag} api="${api}" tenant="${tenant}"></${tag}>`).join('');
  const container = mount(markup, { lang });
  return DATA_WIDGETS.map((tag) => container.querySelector<HTMLElement>(tag)!);
}

/** The deepest element in `host`'s shadow root whose text includes `wanted`. */
function shadowElementWithText(host: Element, wanted: string): HTMLElement | null {
  const all = [...host.shadowRoot!.querySelectorAll<HTMLElement>('*')].filter((el) => el.textContent?.includes(wanted));
  return all.find((el) => ![...el.children].some((child) => child.textContent?.includes(wanted))) ?? null;
}

const shadowMessage = (host: Element) => host.shadowRoot!.querySelector<HTMLElement>('[part="message"]')!;

async function expectFocusOnMessage(host: Element, what: string): Promise<void> {
  const message = shadowMessage(host);
  await until(() => text(message), `${what}: the message`);
  assertEqual(message.getAttribute('role'), 'alert', `${what}: the message is an alert`);
  // The message is there already: a short limit, so a widget that leaves focus alone fails fast.
  await until(() => host.shadowRoot!.activeElement === message, `${what}: focus on the message "${text(message)}"`, 4000);
}

for (const lang of LANGUAGES) {
  describe(`the data widgets loading and failing, in ${lang}`, () => {
    let net: { restore(): void } | null = null;
    afterEach(async () => {
      net?.restore();
      net = null;
      await resetPage();
    });

    it(`while loading: each says so, is busy, and passes axe (${lang})`, async () => {
      await logIn(ANNA);
      net = network('stalled');
      for (const element of mountAll(lang)) {
        const tag = element.localName;
        await until(() => shadowElementWithText(element, LOADING[lang]), `<${tag}> says it is loading`);
        const busy = element.shadowRoot!.querySelector('[aria-busy]');
        assertEqual(busy?.getAttribute('aria-busy'), 'true', `<${tag}> is aria-busy`);
        await expectNoAxeViolations(element, `<${tag}> loading in ${lang}`);
      }
    });

    it(`a load error: said in ${lang}, announced, no focus taken, and axe passes`, async () => {
      await logIn(ANNA);
      const focusedBefore = document.activeElement;
      net = network('down');
      for (const element of mountAll(lang)) {
        const tag = element.localName;
        const message = await until(() => shadowElementWithText(element, NETWORK_ERROR[lang]), `<${tag}>'s load error in ${lang}`);
        assert(message.closest('[role="alert"]'), `<${tag}>'s load error is in an alert: ${message.outerHTML}`);
        assertEqual(element.shadowRoot!.querySelector('[aria-busy="true"]'), null, `<${tag}> is no longer busy`);
        await expectNoAxeViolations(element, `<${tag}>'s load error in ${lang}`);
      }
      assertEqual(document.activeElement, focusedBefore, 'no widget took focus for an error nobody caused');
    });

    it(`<manager-contact>: opening a thread or sending a question fails, focus on the alert (${lang})`, async () => {
      await logIn(ANNA);
      const contact = mount(`<manager-contact api="${api}" tenant="${tenant}"></manager-contact>`, { lang }).querySelector<ManagerContact>('manager-contact')!;
      const thread = await until(() => contact.shadowRoot!.querySelector<HTMLButtonElement>('[part="thread"]'), 'the thread list');

      net = network('down');
      thread.click();
      await expectFocusOnMessage(contact, 'opening a thread');
      assertIncludes(text(shadowMessage(contact)), NETWORK_ERROR[lang], 'in the page language');
      await expectNoAxeViolations(contact, `the thread error in ${lang}`);

      contact.shadowRoot!.querySelector<HTMLButtonElement>('[part="new-button"]')!.click();
      const form = await until(() => contact.shadowRoot!.querySelector<HTMLFormElement>('[part="form"]'), 'the question form');
      await until(() => contact.shadowRoot!.activeElement === form.querySelector('[name="subject"]'), 'focus on the subject');
      assertEqual(text(shadowMessage(contact)), '', 'the old error is gone');
      form.querySelector<HTMLInputElement>('[name="subject"]')!.value = 'Kāpņu telpa';
      form.querySelector<HTMLTextAreaElement>('[name="body"]')!.value = 'Nedeg gaisma.';
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await expectFocusOnMessage(contact, 'sending a question');
      assertEqual(form.querySelector('[aria-invalid="true"]'), null, 'no field is blamed');
      await expectNoAxeViolations(contact, `the sending error in ${lang}`);
    });

    it(`<household-users>: inviting fails, focus on the alert (${lang})`, async () => {
      await logIn(ANNA);
      const users = mount(`<household-users api="${api}" tenant="${tenant}"></household-users>`, { lang }).querySelector<HouseholdUsers>('household-users')!;
      const form = await until(() => users.shadowRoot!.querySelector<HTMLFormElement>('form[part="invite-form"]'), 'the invite form');
      await until(() => users.shadowRoot!.querySelector('h3'), 'the list of users');

      net = network('down');
      form.querySelector<HTMLInputElement>('[name="email"]')!.value = `nobody-${crypto.randomUUID().slice(0, 8)}@example.lv`;
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
      await expectFocusOnMessage(users, 'inviting');
      assertIncludes(text(shadowMessage(users)), NETWORK_ERROR[lang], 'in the page language');
      assertEqual(form.querySelector('[aria-invalid="true"]'), null, 'no field is blamed');
      await expectNoAxeViolations(users, `the invitation error in ${lang}`);
    });
  });
}
