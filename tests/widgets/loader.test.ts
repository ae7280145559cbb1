/**
 * The served loader (`widgets/dist/doorstep.js`, built by widgets/build.mjs) in pages of its own:
 * each test opens an iframe with the one `<script type="module">` a manager adds and reads what
 * the browser fetched from its Resource Timing entries. The loader's table
 * (`dist/doorstep.chunks.json`) says which files belong to which tag and language.
 */
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { ANNA, api, resetPage, tenant, until } from './support/fixture.ts';

type Table = { files: string[]; tags: Record<string, [number[], number[], number[], number[]]> };

const DIST = '/widgets/dist/';
let table: Table;

before(async () => {
  const response = await fetch(`${DIST}doorstep.chunks.json`);
  assert(response.ok, 'the widgets are built (node widgets/build.mjs)');
  table = (await response.json()) as Table;
});

const frames: HTMLIFrameElement[] = [];
afterEach(async () => {
  for (const frame of frames.splice(0)) frame.remove();
  await resetPage();
});

interface LoaderPage {
  window: Window & typeof globalThis;
  document: Document;
  /** Paths below `/widgets/dist/` the page fetched so far, e.g. `chunks/owner-login/define-….js`. */
  fetched(): string[];
  /** Resolves once the page's browser has been idle twice (the loader loads the rest when idle). */
  idle(): Promise<void>;
}

async function openPage(body: string, lang = 'lv'): Promise<LoaderPage> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px; border: 0;';
  frame.srcdoc = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
    <script type="module" src="${DIST}doorstep.js"></script></head><body>${body}</body></html>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  frames.push(frame);
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  return {
    window: win,
    document: frame.contentDocument!,
    fetched: () =>
      win.performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name).pathname)
        .filter((path) => path.startsWith(DIST))
        .map((path) => path.slice(DIST.length)),
    idle: async () => {
      for (let round = 0; round < 2; round++) await new Promise((resolve) => win.requestIdleCallback(resolve));
    },
  };
}

const filesOf = (tag: string, part: 0 | 1 | 2 | 3) => table.tags[tag]![part].map((index) => table.files[index]!);
const code = (tag: string) => filesOf(tag, 0);
const english = (tag: string) => filesOf(tag, 1);
const russian = (tag: string) => filesOf(tag, 2);
/** What the element imports right after its first render: the session store and the API client. */
const later = (tag: string) => filesOf(tag, 3);
const everyTag = () => Object.keys(table.tags);
const configured = `api="${api}" tenant="${tenant}"`;

function loginLabels(page: LoaderPage): string {
  const login = page.document.querySelector('owner-login')!;
  return [...login.querySelectorAll('label')].map((label) => label.textContent?.trim()).join(' | ');
}

describe('the served loader', () => {
  it('on a Latvian page with only <owner-login>, fetches that element and what it imports, and no other element or language', async () => {
    const page = await openPage(`<owner-login ${configured}></owner-login>`);
    await until(() => page.document.querySelector('owner-login input[name="email"]'), 'the login form');
    await page.idle();
    assertIncludes(loginLabels(page), 'E-pasts', 'Latvian labels');

    // The session store and the API client come right after the form (needed to log in, not to show it).
    assert(later('owner-login').length > 0, 'the session store is no part of the first load');
    await until(() => later('owner-login').every((file) => page.fetched().includes(file)), 'the session store, right after');
    await page.idle();
    const fetched = page.fetched();
    for (const file of code('owner-login')) assert(fetched.includes(file), `${file} of <owner-login> was fetched`);
    const others = everyTag()
      .filter((tag) => tag !== 'owner-login')
      .map((tag) => code(tag)[0]!);
    for (const file of others) assert(!fetched.includes(file), `another element's chunk ${file} was not fetched`);
    const languages = everyTag().flatMap((tag) => [...english(tag), ...russian(tag)]);
    const dictionaries = fetched.filter((file) => languages.includes(file));
    assertEqual(dictionaries.join(', '), '', 'no English or Russian dictionary');
    for (const file of later('owner-login')) assert(!code('owner-login').includes(file), `${file} is not in the first load`);
    const allowed = new Set(['doorstep.js', ...code('owner-login'), ...later('owner-login')]);
    assertEqual(fetched.filter((file) => !allowed.has(file)).join(', '), '', 'nothing else at all');
    assertEqual(new Set(fetched).size, fetched.length, 'no file twice');
    assert(!page.window.customElements.get('meter-readings'), '<meter-readings> is not defined');
  });

  it('switching the page to Russian fetches the Russian texts and re-renders; English stays unfetched', async () => {
    const page = await openPage(`<owner-login ${configured}></owner-login>`);
    await until(() => page.document.querySelector('owner-login input[name="email"]'), 'the login form');
    assert(!page.fetched().some((file) => russian('owner-login').includes(file)), 'no Russian before the switch');

    page.document.documentElement.lang = 'ru';
    await until(() => loginLabels(page).includes('Пароль'), 'the Russian labels');
    const fetched = page.fetched();
    for (const file of russian('owner-login')) assert(fetched.includes(file), `Russian ${file} was fetched`);
    for (const file of english('owner-login')) assert(!fetched.includes(file), `English ${file} was not`);
  });

  it('an English page renders English from the first paint, with English texts and no Russian', async () => {
    const page = await openPage(`<owner-login ${configured}></owner-login>`, 'en');
    const email = await until(() => page.document.querySelector('owner-login label'), 'the first label');
    assertEqual(email.textContent?.trim(), 'Email', 'the first label ever rendered is English');
    const fetched = page.fetched();
    for (const file of english('owner-login')) assert(fetched.includes(file), `English ${file} was fetched`);
    for (const file of russian('owner-login')) assert(!fetched.includes(file), `Russian ${file} was not`);
  });

  it('loads a tag added after the page loaded, and it works: logged in through <owner-login>, it shows the meters', async () => {
    const page = await openPage(`<doorstep-config ${configured}></doorstep-config><owner-login></owner-login>`);
    const login = page.document.querySelector('owner-login')!;
    const email = await until(() => login.querySelector<HTMLInputElement>('input[name="email"]'), 'the login form');
    await page.idle();
    assert(!page.fetched().includes(code('meter-readings')[0]!), 'not fetched before the tag is there');

    email.value = ANNA.email;
    login.querySelector<HTMLInputElement>('input[name="password"]')!.value = ANNA.password;
    login.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => login.shadowRoot?.querySelector('[part~="greeting"]'), 'the greeting');

    page.document.body.append(page.document.createElement('meter-readings'));
    await page.window.customElements.whenDefined('meter-readings');
    const readings = page.document.querySelector('meter-readings')!;
    await until(() => readings.shadowRoot?.querySelector('[part="meter"]'), 'a meter of Anna’s');
    assert(page.fetched().includes(code('meter-readings')[0]!), 'its chunk was fetched');
  });

  it('loads elements in view first and those further down when the browser is idle, without scrolling', async () => {
    const page = await openPage(
      `<owner-login ${configured}></owner-login><div style="height: 4000px"></div><notice-feed ${configured}></notice-feed>`,
    );
    await page.window.customElements.whenDefined('owner-login');
    assert(!page.fetched().includes(code('notice-feed')[0]!), 'the element below the fold waits');
    await page.window.customElements.whenDefined('notice-feed');
    assertEqual(page.window.scrollY, 0, 'nobody scrolled');
  });

  it('an element not rendered at load (display: none) waits like one below the fold', async () => {
    const page = await openPage(`<owner-login ${configured}></owner-login><div hidden><notice-feed ${configured}></notice-feed></div>`);
    await page.window.customElements.whenDefined('owner-login');
    // The loader announces a tag's files with modulepreload the moment it starts loading it.
    const announced = [...page.document.head.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map((link) => new URL(link.href).pathname.slice(DIST.length));
    const ownOnly = code('notice-feed').filter((file) => !code('owner-login').includes(file));
    assert(ownOnly.length > 0, 'notice-feed has files of its own');
    for (const file of ownOnly) assert(!announced.includes(file) && !page.fetched().includes(file), `the hidden element's ${file} waits`);
    await page.window.customElements.whenDefined('notice-feed');
  });
});
