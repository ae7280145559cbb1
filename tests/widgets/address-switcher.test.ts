/**
 * <address-switcher> in Chromium against the real server with the demo data: Anna has two
 * apartments (each with its own meters), Pēteris one. The premise-bound widgets that must follow
 * a switch are <meter-readings> and <household-users>.
 */
import '../../widgets/define.ts';
import type { AddressSwitcher } from '../../widgets/address-switcher/address-switcher.ts';
import type { DoorstepAddressChangeEvent } from '../../widgets/core/events/doorstep-address-change.ts';
import { sessionStoreFor } from '../../widgets/core/session-store.ts';
import type { HouseholdUsers } from '../../widgets/household-users/household-users.ts';
import type { MeterReadings } from '../../widgets/meter-readings/meter-readings.ts';
import { fetchMeters } from '../../widgets/meter-readings/readings-api.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { ANNA, api, logIn, mount, PETERIS, resetPage, tenant, until } from './support/fixture.ts';


const shadow = (element: Element, selector: string) => element.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
const select = (switcher: AddressSwitcher) => shadow(switcher, 'select') as HTMLSelectElement | null;

/** Every request the page makes, so a test can see what a widget fetched. */
function recordFetches(): { urls: string[]; stop(): void } {
  const original = window.fetch;
  const urls: string[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return original(input, init);
  };
  return { urls, stop: () => (window.fetch = original) };
}

describe('<address-switcher>', () => {
  afterEach(resetPage);

  it('shows nothing while logged out, then the active address with a list of both of Anna’s', async () => {
    const switcher = mount(`<address-switcher api="${api}" tenant="${tenant}"></address-switcher>`).querySelector('address-switcher')!;
    const store = sessionStoreFor(api, tenant);
    await store.ready;
    await switcher.updateComplete;
    assertEqual(shadow(switcher, '[part="base"]'), null, 'nothing shown logged out');

    await store.login(ANNA.email, ANNA.password, false);
    const list = await until(() => select(switcher), 'the list of addresses');
    const options = [...list.options].map((o) => o.textContent?.trim());
    assertEqual(options.length, 2, 'two addresses');
    assert(options.some((text) => /^Malkalnes prospekts 3-111 \(\d+\)$/.test(text ?? '')), `"label (account)" as WebNams shows it: ${options.join(' | ')}`);
    assertEqual(list.value, store.activePremiseId, 'the active address is selected');
    const label = shadow(switcher, `label[for="${list.id}"]`);
    assertEqual(label?.textContent?.trim(), 'Adrese', 'the list has a label');
    assertEqual(shadow(switcher, '[part="role"]')?.textContent?.trim(), 'Īpašnieks', 'how she holds it');
    await expectNoAxeViolations(switcher, 'the list of addresses');
  });

  it('switching reloads <meter-readings> (and <household-users>) for the new address and fires doorstep-address-change', async () => {
    const container = mount(`
      <address-switcher api="${api}" tenant="${tenant}"></address-switcher>
      <meter-readings api="${api}" tenant="${tenant}"></meter-readings>
      <household-users api="${api}" tenant="${tenant}"></household-users>`);
    const switcher = container.querySelector('address-switcher')!;
    const readings = container.querySelector<MeterReadings>('meter-readings')!;
    const users = container.querySelector<HouseholdUsers>('household-users')!;
    const store = await logIn(ANNA);
    const list = await until(() => select(switcher), 'the list of addresses');
    const first = store.activePremise!;
    const other = store.premises.find((p) => p.id !== first.id)!;
    // Each apartment's meters, as the server lists them, to tell the two lists apart on screen.
    const serials = async (premiseId: string) => (await fetchMeters(store.client, premiseId)).meters.map((m) => m.serialNumber).sort();
    const [firstSerials, otherSerials] = [await serials(first.id), await serials(other.id)];
    assert(firstSerials.length > 0 && otherSerials.length > 0 && firstSerials.join() !== otherSerials.join(), 'the two apartments have different meters');
    const shown = () => [...(readings.shadowRoot?.querySelectorAll('[part="meter"] .serial') ?? [])].map((el) => el.textContent?.trim() ?? '').sort();
    await until(() => shown().join() === firstSerials.join(), 'the first address’s meters');
    await until(() => shadow(users, '[part="intro"]')?.textContent?.includes(first.label) && shadow(users, 'h3'), 'the users of the first address');

    const fetches = recordFetches();
    try {
      const events: DoorstepAddressChangeEvent[] = [];
      document.addEventListener('doorstep-address-change', (e) => events.push(e), { once: true });
      list.value = other.id;
      list.dispatchEvent(new Event('change', { bubbles: true }));

      assertEqual(store.activePremiseId, other.id, 'the shared session follows');
      await until(() => events.length === 1, 'the doorstep-address-change event at the document');
      assertEqual(events[0]!.detail.premise.id, other.id, 'the event names the new address');
      assert(events[0]!.composed && events[0]!.bubbles, 'composed and bubbling');
      await until(() => fetches.urls.some((url) => url.endsWith(`/premises/${other.id}/meters`)), '<meter-readings> to fetch the new address’s meters');
      await until(() => shown().join() === otherSerials.join(), '<meter-readings> to show the new address’s meters only');
      await until(() => fetches.urls.some((url) => url.endsWith(`/premises/${other.id}/members`)), '<household-users> to fetch the new address’s users');
      await until(() => shadow(users, '[part="intro"]')?.textContent?.includes(other.label), '<household-users> to show the new address');
      assertIncludes(shadow(switcher, '[role="status"]')?.textContent, other.label, 'the switch is announced to screen readers');
    } finally {
      fetches.stop();
    }
  });

  it('follows a switch made elsewhere without firing its own event', async () => {
    const switcher = mount(`<address-switcher api="${api}" tenant="${tenant}"></address-switcher>`).querySelector('address-switcher')!;
    const store = await logIn(ANNA);
    const list = await until(() => select(switcher), 'the list of addresses');
    let fired = 0;
    switcher.addEventListener('doorstep-address-change', () => fired++);
    const other = store.premises.find((p) => p.id !== store.activePremiseId)!;
    store.setActivePremise(other.id);
    await until(() => list.value === other.id, 'the list to show the new address');
    assertEqual(fired, 0, 'change events fire on user action only');
  });

  it('the chosen address survives a reload', async () => {
    const store = await logIn(ANNA, { remember: true });
    const other = store.premises.find((p) => p.id !== store.activePremiseId)!;
    const switcher = mount(`<address-switcher api="${api}" tenant="${tenant}"></address-switcher>`).querySelector('address-switcher')!;
    const list = await until(() => select(switcher), 'the list of addresses');
    list.value = other.id;
    list.dispatchEvent(new Event('change'));

    // A reload: this page's store and elements go; the browser's storage stays.
    store.dispose();
    switcher.remove();
    const again = mount(`<address-switcher api="${api}" tenant="${tenant}"></address-switcher>`).querySelector('address-switcher')!;
    const restored = sessionStoreFor(api, tenant);
    assert(restored !== store, 'a new store, as after a reload');
    await restored.ready;
    assertEqual(restored.status, 'authenticated', 'the remembered session came back');
    const reloadedList = await until(() => select(again), 'the list after the reload');
    assertEqual(reloadedList.value, other.id, 'the address chosen before the reload');
    assertEqual(again.premise?.id, other.id, 'and the element says so');
  });

  it('with one address shows it without a menu', async () => {
    const switcher = mount(`<address-switcher api="${api}" tenant="${tenant}"></address-switcher>`).querySelector('address-switcher')!;
    const store = await logIn(PETERIS);
    const address = await until(() => shadow(switcher, '[part="address"]'), 'the address');
    assertEqual(select(switcher), null, 'no list');
    assertEqual(address.textContent?.trim(), `${store.activePremise!.label} (${store.activePremise!.accountNumber})`, 'the address text');
    await expectNoAxeViolations(switcher, 'a single address');
  });

  it('speaks the page’s language', async () => {
    const switcher = mount(`<address-switcher api="${api}" tenant="${tenant}"></address-switcher>`, { lang: 'ru' }).querySelector('address-switcher')!;
    await logIn(ANNA);
    await until(() => select(switcher), 'the list');
    assertEqual(shadow(switcher, 'label')?.textContent?.trim(), 'Адрес', 'Russian label');
    assertEqual(shadow(switcher, '.visually-hidden[id$="-count"]')?.textContent?.trim(), '2 адреса', 'Russian plural for two');
  });
});
