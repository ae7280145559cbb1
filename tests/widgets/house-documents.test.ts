import '../../widgets/define.ts';
import { sessionStoreFor } from '../../widgets/core/session-store.ts';
import type { DocumentList } from '../../widgets/house-documents/document-groups.ts';
import type { HouseDocuments } from '../../widgets/house-documents/house-documents.ts';
import { assert, assertDeepEqual, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { captureDownload } from './support/downloads.ts';
import { ANNA, api, LIGA, logIn, mount, resetPage, tenant, until } from './support/fixture.ts';


function mountDocuments(attributes = ''): HouseDocuments {
  return mount(`<house-documents api="${api}" tenant="${tenant}" ${attributes}></house-documents>`).querySelector('house-documents')!;
}

const root = (element: Element) => element.shadowRoot!;
const categories = (element: Element) => [...root(element).querySelectorAll<HTMLElement>('[part="category"]')].map((s) => s.dataset.category);
const titles = (element: Element) => [...root(element).querySelectorAll('.document-title')].map((t) => t.textContent?.trim() ?? '');
const loaded = (element: Element) => until(() => root(element).querySelector('[part="document"]'), 'documents to load');

describe('<house-documents>', () => {
  afterEach(resetPage);

  it("groups the building's documents by category and year, newest first, strong ones locked with an explanation", async () => {
    await logIn(ANNA);
    const element = mountDocuments();
    await loaded(element);
    assertDeepEqual(categories(element), ['estimate', 'report', 'repair_plan', 'meeting_protocol'], 'categories in order');
    const estimates = root(element).querySelector('[data-category="estimate"]')!;
    const years = [...estimates.querySelectorAll('[part="year"]')].map((y) => Number(y.textContent));
    assertEqual(years.length, 2, 'two years of estimates');
    assert(years[0]! > years[1]!, `newest year first: ${years.join(', ')}`);
    assertIncludes(estimates.querySelector('h3')?.textContent, 'Tāmes', 'category heading');

    const protocol = root(element).querySelector('[data-category="meeting_protocol"] [part="document"]')!;
    assertIncludes(protocol.textContent, 'kopsapulces protokols', 'the protocol is listed');
    assert(protocol.querySelector('[part="locked"]'), 'locked in a password session');
    assertEqual(protocol.querySelector('[part="download-button"]'), null, 'no download button');
    const explanation = root(element).querySelector('[part="strong-auth"]')?.textContent ?? '';
    for (const word of ['internetbanku', 'eParakstu', 'Smart-ID']) assertIncludes(explanation, word, 'how to open it');
    assertEqual(titles(element).length, 5, "Malkalnes prospekts 3's five documents, no other building's");
    await expectNoAxeViolations(element, 'the documents');
  });

  it('filters by category', async () => {
    await logIn(ANNA);
    const element = mountDocuments();
    await loaded(element);
    const select = root(element).querySelector<HTMLSelectElement>('[part="filter"]')!;
    assertEqual(root(element).querySelector(`label[for="${select.id}"]`)?.textContent?.trim(), 'Kategorija', 'the filter is labelled');
    select.value = 'report';
    select.dispatchEvent(new Event('change'));
    await until(() => categories(element).join() === 'report', 'only reports');
    select.value = '';
    select.dispatchEvent(new Event('change'));
    await until(() => categories(element).length === 4, 'all again');
  });

  it('downloads a document with the stored name and type', async () => {
    await logIn(ANNA);
    const element = mountDocuments();
    await loaded(element);
    const button = root(element).querySelector<HTMLButtonElement>('[data-category="repair_plan"] [part="download-button"]')!;
    const saved = await captureDownload(() => button.click());
    assertEqual(saved.download, 'Kapnu telpu remonta plans - Malkalnes prospekts 3.pdf', 'file name');
    assertEqual(saved.blob.type, 'application/pdf', 'file type');
    assertEqual(await saved.blob.slice(0, 5).text(), '%PDF-', 'a PDF');
  });

  it('explains a strong_auth_required answer from the server', async () => {
    // Pretend the list did not know: the server still refuses the file to a password session.
    const realFetch = window.fetch;
    window.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.endsWith('/documents')) return response;
      const list = (await response.json()) as DocumentList;
      list.documents = list.documents.map((d) => ({ ...d, locked: false }));
      list.lockedCount = 0;
      return new Response(JSON.stringify(list), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    try {
      await logIn(ANNA);
      const element = mountDocuments();
      await loaded(element);
      root(element).querySelector<HTMLButtonElement>('[data-category="meeting_protocol"] [part="download-button"]')!.click();
      const message = await until(() => root(element).querySelector('[part="message"]')?.textContent, 'the message');
      assertIncludes(message, 'tikai pēc pieslēgšanās ar internetbanku, eParakstu vai Smart-ID', 'the strong-login message');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('follows the active address', async () => {
    await logIn(ANNA);
    const element = mountDocuments();
    await loaded(element);
    const store = sessionStoreFor(api, tenant);
    const other = store.premises.find((p) => p.label.startsWith('Skolas'))!;
    store.setActivePremise(other.id);
    // Skolas iela 8 has this year's estimate and last year's report, and no meeting minutes.
    await until(() => categories(element).join() === 'estimate,report' && titles(element).length === 2, "the other building's documents");
    assertEqual(root(element).querySelector('[part="strong-auth"]'), null, 'nothing locked there');
  });

  it('shows a member nothing but the reason, in the right language', async () => {
    await logIn(LIGA);
    const element = mountDocuments('lang="en"');
    await until(() => root(element).textContent?.includes('shown to the owner and authorised persons'), 'the reason');
    assertEqual(root(element).querySelector('[part="document"]'), null, 'no documents');
  });
});
