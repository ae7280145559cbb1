import '../../widgets/define.ts';
import type { MeterReadings } from '../../widgets/meter-readings/meter-readings.ts';
import type { MetersResponse } from '../../widgets/meter-readings/readings-api.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { nextEvent, resetPage, until } from './support/fixture.ts';
import { CLOSED_NOW, loginAt, meterCard, mountWidget, OPEN_NOW, text, WINDOW_FROM, WINDOW_TO } from './meter-readings.fixture.ts';

// Anna's meters in the demo seed (server/demo/fixture.ts).
const MALKALNES_COLD = '21458710';
const MALKALNES_HOT = '21458711'; // verification due within the reminder period
const SKOLAS_HOT = '19330453';

/** The value a reading is counted from: this period's base, as the API reports it. */
async function baseValue(store: Awaited<ReturnType<typeof loginAt>>, serial: string): Promise<number> {
  const list = await store.client.get<MetersResponse>(`/premises/${store.activePremiseId}/meters`);
  const meter = list.meters.find((m) => m.serialNumber === serial)!;
  return Number((meter.periodReading ? meter.previousReading : meter.lastReading)!.value);
}

const shadow = (element: MeterReadings) => element.shadowRoot!;
const comma = (value: number) => value.toFixed(3).replace('.', ',');

describe('<meter-readings>', () => {
  afterEach(resetPage);

  it('outside the window: fields disabled, "Rādījumus varēs nodot no … līdz …", the verification reminder', async () => {
    await loginAt('anna@example.lv', CLOSED_NOW);
    const element = mountWidget('meter-readings', CLOSED_NOW);
    const cold = await meterCard(element, MALKALNES_COLD);
    const input = cold.querySelector('input')!;
    assert(input.disabled, 'the input is disabled while the window is closed');
    assert(cold.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled, 'so is the button');
    const closed = `Rādījumus varēs nodot no: ${WINDOW_FROM} līdz ${WINDOW_TO}`;
    assertIncludes(text(cold.querySelector('.hint')), closed, 'the window message under the field');
    assertIncludes(text(shadow(element).querySelector('[part="window"]')), closed, 'and above the meters');
    assertEqual(input.getAttribute('aria-describedby')?.split(' ')[0], cold.querySelector('.hint')!.id, 'the field is described by it');
    assertIncludes(text(cold.querySelector('label')), 'Jaunais rādījums, m³', 'label');
    assertIncludes(text(cold.querySelector('.last-reading')), 'm³', 'last reading with its unit');

    const hot = await meterCard(element, MALKALNES_HOT);
    assertIncludes(text(hot.querySelector('[part="reminder"]')), 'Tuvojas skaitītāja verificēšanas termiņš', 'verification reminder');
    assert(!cold.querySelector('[part="reminder"]'), 'no reminder for a meter verified for years');
    await expectNoAxeViolations(element, 'the closed window');
  });

  it('inside the window: submits a reading typed with a comma and confirms it with a time stamp', async () => {
    const store = await loginAt('anna@example.lv', OPEN_NOW);
    const base = await baseValue(store, MALKALNES_COLD);
    const element = mountWidget('meter-readings', OPEN_NOW);
    const card = await meterCard(element, MALKALNES_COLD);
    const input = card.querySelector('input')!;
    assert(!input.disabled, 'the input is enabled');
    // Set without an input event, as autofill would: the widget reads the field itself.
    input.value = ` ${comma(base + 3.25)} `;
    const submitted = nextEvent(element, 'doorstep-reading-submit');
    card.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const event = await submitted;
    assert(event.bubbles && event.composed, 'doorstep-reading-submit bubbles and is composed');
    assertEqual(event.detail.result.consumption, '3.250', 'consumption from the server');

    const receipt = await until(() => text(card.querySelector('[part="receipt"]')) || null, 'the receipt');
    const at = new Date(event.detail.result.reading.submittedAt);
    // The manager's clock, named, whatever the browser's zone (the e2e suite runs one far from Riga).
    const riga = { timeZone: 'Europe/Riga' } as const;
    const date = new Intl.DateTimeFormat('lv', { day: '2-digit', month: '2-digit', year: 'numeric', ...riga }).format(at);
    const time = new Intl.DateTimeFormat('lv', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...riga }).format(at);
    assertIncludes(receipt, `saņemts ${date} plkst. ${time} (Rīgas laiks).`, 'receipt with the date and time in Riga');
    assertIncludes(receipt, 'Patēriņš: 3,250 m³', 'receipt with the consumption');
    assertEqual(card.querySelector('[part="receipt"]')!.getAttribute('role'), 'status', 'announced politely');
    const refreshed = await meterCard(element, MALKALNES_COLD);
    await until(() => text(refreshed.querySelector('.period-reading')).includes(comma(base + 3.25)), 'this period’s reading in the list');
    await expectNoAxeViolations(element, 'after a submission');
  });

  it('warns about unusual consumption, sends anyway on request, and refuses a value below the previous one', async () => {
    const store = await loginAt('anna@example.lv', OPEN_NOW);
    const skolas = store.premises.find((p) => p.label.startsWith('Skolas'))!;
    store.setActivePremise(skolas.id);
    const base = await baseValue(store, SKOLAS_HOT);
    const element = mountWidget('meter-readings', OPEN_NOW);
    const card = await meterCard(element, SKOLAS_HOT);
    const send = (value: string) => {
      card.querySelector('input')!.value = value;
      card.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    };

    send(comma(base - 1));
    const error = await until(() => text(card.querySelector('[part="message"]')) || null, 'the below-previous error');
    assertIncludes(error, 'Rādījums nevar būt mazāks par iepriekšējo', 'below previous');
    assertEqual(card.querySelector('input')!.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
    await until(() => shadow(element).activeElement === card.querySelector('input'), 'focus on the field the error is about');

    // A new figure on every run, so a rerun against the same server is not "already received".
    const jump = 40 + Math.floor(Math.random() * 900) / 1000;
    send(comma(base + jump));
    const warning = await until(() => card.querySelector<HTMLElement>('[part="warning"]'), 'the warning');
    assertIncludes(text(warning), 'Patēriņš ir daudz lielāks nekā parasti', 'warning title');
    assertIncludes(text(warning), `${comma(jump)} m³`, 'the consumption in the warning');
    assertEqual(warning.getAttribute('role'), 'alert', 'the warning is announced');
    // Focus goes to the question asked, not two Tab stops later behind a plain "Nosūtīt".
    const sendAnyway = warning.querySelector<HTMLButtonElement>('.send-anyway')!;
    await until(() => shadow(element).activeElement === sendAnyway, 'focus on "Nosūtīt tik un tā"');
    const described = (sendAnyway.getAttribute('aria-describedby') ?? '').split(' ').map((id) => text(shadow(element).getElementById(id)));
    assertIncludes(described.join(' '), 'Patēriņš ir daudz lielāks nekā parasti', 'the button is described by the question');
    await expectNoAxeViolations(element, 'the consumption warning');
    const submitted = nextEvent(element, 'doorstep-reading-submit');
    warning.querySelector<HTMLButtonElement>('.send-anyway')!.click();
    assertEqual((await submitted).detail.result.reading.value, (base + jump).toFixed(3), 'stored after confirmation');
    await until(() => !card.querySelector('[part="warning"]') && text(card.querySelector('[part="receipt"]')), 'the receipt replaces the warning');
  });

  it('shows a member without the readings right that readings are not hers, with no field at all', async () => {
    await loginAt('liga@example.lv', OPEN_NOW);
    const element = mountWidget('meter-readings', OPEN_NOW);
    const note = await until(() => shadow(element).querySelector('[part="message"]'), 'the rights message');
    assertIncludes(text(note), 'Jūsu tiesības šajā adresē neietver skaitītāju rādījumus', 'rights message');
    assert(!shadow(element).querySelector('input'), 'no reading field');
    assert(!shadow(element).querySelector('button[type="submit"]'), 'no send button');
  });

  it('speaks Russian: the closed window, labels and the reminder', async () => {
    await loginAt('anna@example.lv', CLOSED_NOW);
    const element = mountWidget('meter-readings', CLOSED_NOW, { lang: 'ru' });
    const cold = await meterCard(element, MALKALNES_COLD);
    assertIncludes(text(cold.querySelector('.hint')), `Показания можно будет передать с ${WINDOW_FROM} по ${WINDOW_TO}`, 'window message in Russian');
    assertIncludes(text(cold.querySelector('label')), 'Новое показание, m³', 'label in Russian');
    assertIncludes(text(cold), 'Номер счётчика', 'serial number label in Russian');
    assertEqual(text(shadow(element).querySelector('[part="title"]')), 'Показания счётчиков', 'title in Russian');
    const hot = await meterCard(element, MALKALNES_HOT);
    assertIncludes(text(hot.querySelector('[part="reminder"]')), 'Приближается срок поверки счётчика', 'reminder in Russian');
    await expectNoAxeViolations(element, 'the closed window in Russian');
  });

  it('asks to log in when nobody is', async () => {
    const element = mountWidget('meter-readings', CLOSED_NOW);
    await until(() => text(shadow(element).querySelector('.base')).includes('pieslēdzieties'), 'the login hint');
  });
});
