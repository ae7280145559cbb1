import '../../widgets/define.ts';
import type { InvoiceList } from '../../widgets/invoice-list/invoice-list.ts';
import type { InvoicePage } from '../../widgets/invoice-list/invoice-data.ts';
import { formatIsoDate, formatMoney, formatPeriod } from '../../widgets/invoice-list/invoice-format.ts';
import { sessionStoreFor } from '../../widgets/core/session-store.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { ANNA, api, LIGA, mount, nextEvent, resetPage, tenant, until } from './support/fixture.ts';
import { FAKE_API, installFakeApi } from './invoice-list-fake-api.ts';
import { en } from '../../widgets/invoice-list/i18n/en.ts';
import { lv } from '../../widgets/invoice-list/i18n/lv.ts';
import { ru } from '../../widgets/invoice-list/i18n/ru.ts';

/** Spaces as Intl writes them (no-break, narrow no-break) read as plain spaces. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/[\u00a0\u202f\s]+/g, ' ').trim();

function mountList(attributes = '', containerAttributes: Record<string, string> = {}, apiBase = api): InvoiceList {
  return mount(`<invoice-list api="${apiBase}" tenant="${tenant}" ${attributes}></invoice-list>`, containerAttributes).querySelector('invoice-list')!;
}

const part = (list: InvoiceList, name: string) => list.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (list: InvoiceList, name: string) => [...list.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const latestCard = (list: InvoiceList) => until(() => part(list, 'latest'), 'the latest invoice card');
const fact = (list: InvoiceList, name: string) => plain(part(list, name)?.querySelector('dd')?.textContent);

/** The same first page the widget asks for, straight from the API, to compare against. */
async function firstPage(limit = 10): Promise<{ page: InvoicePage; premiseId: string }> {
  const store = sessionStoreFor(api, tenant);
  const premiseId = store.activePremiseId!;
  const page = await store.client.get<InvoicePage>(`/premises/${premiseId}/invoices?limit=${limit}`);
  return { page, premiseId };
}

describe('<invoice-list>', () => {
  afterEach(resetPage);

  it('shows the latest invoice as a card: period, number, date, amounts, due date and status', async () => {
    await sessionStoreFor(api, tenant).login(ANNA.email, ANNA.password, false);
    const list = mountList();
    const card = await latestCard(list);
    const { page } = await firstPage();
    const newest = page.invoices[0]!;
    assertEqual(card.dataset['invoiceId'], newest.id, 'the card shows the newest invoice');
    assertIncludes(plain(card.querySelector('h3')?.textContent), 'Jaunākais rēķins', 'card heading');
    assertIncludes(plain(card.querySelector('h3')?.textContent), plain(formatPeriod('lv', newest.period)), 'period');
    assertEqual(fact(list, 'number'), newest.number, 'number');
    assertEqual(fact(list, 'issue-date'), formatIsoDate('lv', newest.issueDate), 'issue date');
    assert(/^\d{2}\.\d{2}\.\d{4}$/.test(fact(list, 'issue-date')), `lv date as dd.mm.yyyy: ${fact(list, 'issue-date')}`);
    assertEqual(fact(list, 'amount'), plain(formatMoney('lv', newest.amount)), 'amount');
    assertEqual(fact(list, 'total'), plain(formatMoney('lv', newest.totalDue)), 'total to pay');
    assert(/^\d{1,3}( \d{3})*,\d{2} €$/.test(fact(list, 'total')), `lv money: ${fact(list, 'total')}`);
    assertEqual(fact(list, 'due-date'), formatIsoDate('lv', newest.dueDate), 'due date');
    const status = card.querySelector<HTMLElement>('[part~="status"]')!;
    assertEqual(status.dataset['status'], newest.status, 'status');
    const words = { unpaid: 'Neapmaksāts', partly_paid: 'Daļēji apmaksāts', paid: 'Apmaksāts', overdue: 'Apmaksa kavēta' };
    assertEqual(plain(status.textContent), words[newest.status], 'status in words, not only in colour');
    assertEqual(plain(part(list, 'download-button')?.textContent), 'Lejupielādēt', 'download button');
  });

  it('downloads the PDF with the session token: the response is a PDF with the invoice’s file name', async () => {
    await sessionStoreFor(api, tenant).login(ANNA.email, ANNA.password, false);
    const list = mountList();
    await latestCard(list);
    const { page } = await firstPage(1);
    const downloaded = nextEvent(list, 'doorstep-invoice-download');
    part(list, 'download-button')!.click();
    const event = await downloaded;
    assert(event.bubbles && event.composed, 'doorstep-invoice-download bubbles and is composed');
    assertEqual(event.detail.invoice.number, page.invoices[0]!.number, 'which invoice');
    assertEqual(event.detail.blob.type, 'application/pdf', 'content type');
    const head = new TextDecoder().decode(await event.detail.blob.slice(0, 5).arrayBuffer());
    assertEqual(head, '%PDF-', 'the bytes are a PDF');
    assert(event.detail.blob.size > 1000, `a real document, ${event.detail.blob.size} bytes`);
    assertEqual(event.detail.fileName, `Rēķins ${page.invoices[0]!.number}.pdf`, 'file name from Content-Disposition (filename*)');
    await until(() => plain(part(list, 'announcer')?.textContent).includes('lejupielādēts'), 'the download announced');
  });

  it('shows payment details with copy buttons and the EPC QR code', async () => {
    await sessionStoreFor(api, tenant).login(ANNA.email, ANNA.password, false);
    const list = mountList();
    await latestCard(list);
    const payment = await until(() => part(list, 'payment'), 'the payment details');
    const field = (name: string) => payment.querySelector<HTMLElement>(`[data-field="${name}"]`)!;
    assertEqual(plain(field('recipient').querySelector('.value')?.textContent), 'SIA "Demo Namsaimnieks"', 'recipient');
    assert(/^LV\d{2}( [A-Z0-9]{1,4})+$/.test(plain(field('iban').querySelector('.value')?.textContent)), 'IBAN in groups of four');

    const copied: string[] = [];
    const clipboard = navigator.clipboard;
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void copied.push(text) } });
    try {
      const button = field('iban').querySelector<HTMLButtonElement>('[part~="copy-button"]')!;
      assertEqual(button.getAttribute('aria-label'), 'Kopēt: Konts (IBAN)', 'copy button says what it copies');
      button.click();
      await until(() => copied.length, 'the clipboard write');
      assert(/^LV\d{2}[A-Z0-9]+$/.test(copied[0]!), `the IBAN is copied without spaces: ${copied[0]}`);
      await until(() => plain(part(list, 'announcer')?.textContent) === 'Nokopēts: Konts (IBAN)', 'the copy announced');
      field('reference').querySelector<HTMLButtonElement>('[part~="copy-button"]')!.click();
      await until(() => copied.length === 2, 'the second copy');
      assertEqual(copied[1], fact(list, 'number'), 'the payment reference is the invoice number');
    } finally {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });
    }

    const svg = part(list, 'qr')!.querySelector('svg')!;
    assertEqual(svg.getAttribute('role'), 'img', 'the QR code is an image');
    assertIncludes(svg.getAttribute('aria-label'), 'QR kods', 'and says what it is');
    assert((svg.querySelector('path')?.getAttribute('d')?.length ?? 0) > 100, 'the QR code is drawn');
  });

  it('lists all invoices and loads more on demand, moving focus to the first new one', async () => {
    await sessionStoreFor(api, tenant).login(ANNA.email, ANNA.password, false);
    const list = mountList('page-size="10"');
    await latestCard(list);
    const toggle = part(list, 'all-toggle')!;
    assertEqual(plain(toggle.textContent), 'Visi rēķini', 'toggle text');
    assertEqual(toggle.getAttribute('aria-expanded'), 'false', 'collapsed at first');
    toggle.click();
    await until(() => toggle.getAttribute('aria-expanded') === 'true', 'expanded');
    assertEqual(parts(list, 'item').length, 10, 'first page');

    part(list, 'load-more-button')!.click();
    await until(() => parts(list, 'item').length === 20, 'the second page');
    const items = parts(list, 'item');
    assertEqual(list.shadowRoot!.activeElement, items[10], 'focus on the first new invoice');
    assertIncludes(plain(part(list, 'announcer')?.textContent), 'Ielādēti vēl 10 rēķini', 'announced');

    part(list, 'load-more-button')!.click();
    await until(() => !part(list, 'load-more-button'), 'the last page');
    const ids = parts(list, 'item').map((item) => item.dataset['invoiceId']);
    assertEqual(ids.length, 24, 'Anna’s two years of invoices');
    assertEqual(new Set(ids).size, 24, 'none twice');
    assertIncludes(plain(list.shadowRoot!.textContent), 'Visi rēķini ir parādīti.', 'the end is said');
    await expectNoAxeViolations(list, 'the expanded list');
  });

  it('formats money and dates for Russian readers, and switches language live', async () => {
    await sessionStoreFor(api, tenant).login(ANNA.email, ANNA.password, false);
    const list = mountList('', { lang: 'ru' });
    const card = await latestCard(list);
    const { page } = await firstPage(1);
    const newest = page.invoices[0]!;
    assertIncludes(plain(card.querySelector('h3')?.textContent), 'Последний счёт', 'Russian heading');
    assertEqual(fact(list, 'total'), plain(formatMoney('ru', newest.totalDue)), 'ru money');
    assert(/^\d{1,3}( \d{3})*,\d{2} €$/.test(fact(list, 'total')), `ru money: ${fact(list, 'total')}`);
    assertEqual(fact(list, 'due-date'), formatIsoDate('ru', newest.dueDate), 'ru date');
    assert(/^\d{2}\.\d{2}\.\d{4}$/.test(fact(list, 'due-date')), `ru date: ${fact(list, 'due-date')}`);
    assertIncludes(plain(part(list, 'heading')?.textContent), 'Счета', 'ru heading');

    list.parentElement!.setAttribute('lang', 'en');
    await until(() => plain(part(list, 'heading')?.textContent) === 'Invoices', 'English');
    assertEqual(fact(list, 'total'), plain(formatMoney('en', newest.totalDue)), 'en money');
  });

  it('a member with the invoices right sees the invoices too', async () => {
    await sessionStoreFor(api, tenant).login(LIGA.email, LIGA.password, false);
    const list = mountList();
    await latestCard(list);
    await expectNoAxeViolations(list, 'the card and payment details');
  });

  it('asks a visitor who is not logged in to log in, and loads nothing', async () => {
    const list = mountList();
    await sessionStoreFor(api, tenant).ready;
    await until(() => plain(list.shadowRoot!.textContent).includes('Pieslēdzieties, lai redzētu savus rēķinus.'), 'the login hint');
    assertEqual(part(list, 'latest'), null, 'no invoice shown');
  });
});

describe('<invoice-list> formatting', () => {
  it('has every Latvian key in English and Russian, with each language’s plural forms', () => {
    const forms = { lv: ['one', 'other', 'zero'], en: ['one', 'other'], ru: ['few', 'many', 'one', 'other'] };
    const keys = Object.keys(lv['invoice-list']).sort().join();
    for (const [language, dictionary] of [['lv', lv], ['en', en], ['ru', ru]] as const) {
      const messages = dictionary['invoice-list'] as Record<string, string | Record<string, string>>;
      assertEqual(Object.keys(messages).sort().join(), keys, `${language} keys`);
      for (const message of Object.values(messages)) {
        if (typeof message !== 'string') assertEqual(Object.keys(message).sort().join(), forms[language].join(), `${language} plural forms`);
      }
    }
  });

  it('writes money with grouped thousands: lv and ru "1 234,56 €", en "€1,234.56"', () => {
    assertEqual(plain(formatMoney('lv', '1234.56')), '1 234,56 €', 'lv');
    assertEqual(plain(formatMoney('ru', '1234.56')), '1 234,56 €', 'ru');
    assertEqual(plain(formatMoney('en', '1234.56')), '€1,234.56', 'en');
    assertEqual(plain(formatMoney('lv', '-12.40')), '-12,40 €', 'lv negative');
  });

  it('writes calendar dates and periods without any time-zone shift', () => {
    assertEqual(formatIsoDate('lv', '2026-01-01'), '01.01.2026', 'lv date');
    assertEqual(formatIsoDate('ru', '2026-12-31'), '31.12.2026', 'ru date');
    assertEqual(formatPeriod('lv', '2026-04'), '2026. g. aprīlis', 'lv period');
    assertEqual(plain(formatPeriod('ru', '2026-04')), 'Апрель 2026 г.', 'ru period');
    assertEqual(formatPeriod('en', '2026-04'), 'April 2026', 'en period');
  });
});

describe('<invoice-list> without invoices to show', () => {
  afterEach(resetPage);

  it('tells a new account that there are no invoices yet', async () => {
    const fake = installFakeApi({ role: 'owner', rights: ['invoices', 'readings'], invoices: [] });
    try {
      await sessionStoreFor(FAKE_API, tenant).login('new@example.lv', 'x', false);
      const list = mountList('', {}, FAKE_API);
      const empty = await until(() => part(list, 'empty'), 'the empty state');
      assertIncludes(plain(empty.textContent), 'Rēķinu vēl nav.', 'empty state');
      assertEqual(part(list, 'latest'), null, 'no card');
      await expectNoAxeViolations(list, 'the empty state');
    } finally {
      await resetPage();
      fake.restore();
    }
  });

  it('shows nothing, and asks for nothing, to a member without the invoices right', async () => {
    const fake = installFakeApi({ role: 'member', rights: ['readings'], invoices: [] });
    try {
      await sessionStoreFor(FAKE_API, tenant).login('new@example.lv', 'x', false);
      const list = mountList('', {}, FAKE_API);
      await list.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 200));
      assertEqual(list.shadowRoot!.children.length, 0, 'nothing rendered');
      assert(!fake.requests.some((path) => path.includes('/invoices')), `no invoice request: ${fake.requests.join(', ')}`);
    } finally {
      await resetPage();
      fake.restore();
    }
  });
});
