import '../../widgets/define.ts';
import { sessionStoreFor } from '../../widgets/core/session-store.ts';
import type { NoticeFeed } from '../../widgets/notice-feed/notice-feed.ts';
import type { NoticeList } from '../../widgets/notice-feed/notice-groups.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { captureDownload } from './support/downloads.ts';
import { ANNA, api, logIn, mount, PETERIS, resetPage, tenant, until } from './support/fixture.ts';

// Pēteris's notices are this file's to mark read; Anna's are only looked at, except in the last test.

function mountFeed(attributes = ''): NoticeFeed {
  return mount(`<notice-feed api="${api}" tenant="${tenant}" ${attributes}></notice-feed>`).querySelector('notice-feed')!;
}

const root = (feed: Element) => feed.shadowRoot!;
const titlesIn = (feed: Element, part: string) =>
  [...root(feed).querySelectorAll(`[part="${part}"] .item-title`)].map((element) => element.textContent?.trim() ?? '');
const itemButton = (feed: Element, title: string) =>
  [...root(feed).querySelectorAll<HTMLButtonElement>('.item-button')].find((button) => button.querySelector('.item-title')?.textContent?.trim() === title);
const badge = (feed: Element) => root(feed).querySelector<HTMLElement>('[part="badge"]');

async function loaded(feed: NoticeFeed): Promise<void> {
  await until(() => root(feed).querySelector('.item-button') || root(feed).textContent?.includes('Paziņojumu nav'), 'notices to load');
}

describe('<notice-feed>', () => {
  afterEach(resetPage);

  it('pins the urgent notice, highlights unread ones yellow, counts them, and hides expired and scheduled ones', async () => {
    await logIn(ANNA);
    const feed = mountFeed();
    await loaded(feed);
    assertEqual(titlesIn(feed, 'pinned')[0], 'Ūdens piegādes pārtraukums', 'the urgent outage is pinned');
    assertIncludes(root(feed).querySelector('[part="pinned"] .tag--urgent')?.textContent, 'Steidzami', 'urgent label');
    const unread = titlesIn(feed, 'unread');
    assert(unread.includes('Karstā ūdens skaitītāja verificēšanas termiņš'), `unread area: ${unread.join(' | ')}`);
    assert(titlesIn(feed, 'list').includes('Rēķinus var saņemt e-pastā'), 'a read notice sits in the full list');
    const all = [...root(feed).querySelectorAll('.item-title')].map((t) => t.textContent?.trim());
    assert(!all.includes('Klientu apkalpošanas centrs slēgts'), 'the expired notice is gone');
    assert(!all.includes('Dzīvokļu īpašnieku kopsapulce'), 'the scheduled notice does not show yet');
    assert(!all.includes('Pagraba telpu deratizācija'), "another building's notice does not reach Anna");

    const firstUnread = root(feed).querySelector<HTMLElement>('[part="unread"] .item-button')!;
    assertEqual(getComputedStyle(firstUnread).backgroundColor, 'rgb(255, 244, 184)', 'unread notices are yellow');
    const readButton = root(feed).querySelector<HTMLElement>('[part="list"] .item-button')!;
    assert(getComputedStyle(readButton).backgroundColor !== 'rgb(255, 244, 184)', 'read notices are not');

    const premise = sessionStoreFor(api, tenant).activePremise!;
    const server = await sessionStoreFor(api, tenant).client.get<NoticeList>(`/notices?premise=${premise.id}`);
    assertEqual(badge(feed)?.textContent?.trim(), String(server.unreadCount), 'the badge shows the unread count');
    assertEqual(badge(feed)?.getAttribute('aria-label'), `${server.unreadCount} nelasīti paziņojumi`, 'the badge is labelled');
    await expectNoAxeViolations(feed, 'the full feed');
  });

  it('opening a notice shows its full text, marks it read, and it leaves the highlighted area but stays in the list', async () => {
    await logIn(PETERIS);
    const container = mount(`
      <notice-feed id="header" mode="compact" api="${api}" tenant="${tenant}"></notice-feed>
      <notice-feed id="main" api="${api}" tenant="${tenant}"></notice-feed>`);
    const compact = container.querySelector<NoticeFeed>('#header')!;
    const feed = container.querySelector<NoticeFeed>('#main')!;
    await loaded(feed);
    await loaded(compact);
    const title = 'Pagraba telpu deratizācija';
    assert(titlesIn(feed, 'unread').includes(title), 'the notice starts unread');
    const before = Number(badge(feed)!.textContent);

    const opened = new Promise<CustomEvent>((resolve) => feed.addEventListener('doorstep-notice-read', (e) => resolve(e as CustomEvent), { once: true }));
    itemButton(feed, title)!.click();
    const heading = await until(() => root(feed).querySelector<HTMLElement>('.detail-title'), 'the detail view');
    assertEqual(heading.textContent?.trim(), title, 'detail title');
    assertIncludes(root(feed).querySelector('[part="body"]')?.textContent, 'pagraba telpās tiks veikta deratizācija', 'the full text');
    await until(() => root(feed).activeElement === heading, 'focus on the opened notice');
    const event = await opened;
    assert(event.bubbles && event.composed, 'doorstep-notice-read bubbles and is composed');
    await until(() => Number(badge(feed)?.textContent ?? 0) === before - 1, 'the badge to count one less');
    await until(() => Number(badge(compact)?.textContent ?? 0) === before - 1, 'the header feed to follow');
    await expectNoAxeViolations(feed, 'an opened notice');

    root(feed).querySelector<HTMLButtonElement>('[part="back-button"]')!.click();
    await until(() => titlesIn(feed, 'list').includes(title), 'the notice in the full list');
    assert(!titlesIn(feed, 'unread').includes(title), 'no longer in the highlighted area');
    await until(() => root(feed).activeElement === itemButton(feed, title), 'focus back on the notice');

    // The server remembers: a fresh feed shows it read.
    const fresh = mountFeed();
    await loaded(fresh);
    assert(titlesIn(fresh, 'list').includes(title), 'read after a reload');
  });

  it('compact mode shows the badge and the latest titles, urgent first', async () => {
    await logIn(ANNA);
    const feed = mountFeed('mode="compact" limit="2"');
    await loaded(feed);
    const titles = [...root(feed).querySelectorAll('.item-title')].map((t) => t.textContent?.trim());
    assertEqual(titles.length, 2, 'two titles');
    assertEqual(titles[0], 'Ūdens piegādes pārtraukums', 'the urgent one first');
    assert(badge(feed), 'the badge is there');
    assertEqual(root(feed).querySelector('[part="pinned"]'), null, 'no sections in compact mode');
  });

  it('speaks Russian with Russian plurals', async () => {
    await logIn(ANNA);
    const feed = mountFeed('lang="ru"');
    await loaded(feed);
    assertEqual(root(feed).querySelector('[part="heading"]')?.textContent?.trim(), 'Уведомления', 'heading');
    const count = Number(badge(feed)!.textContent);
    const form = new Intl.PluralRules('ru').select(count);
    const expected = { one: 'непрочитанное уведомление', few: 'непрочитанных уведомления', many: 'непрочитанных уведомлений' }[form as 'one'] ?? 'непрочитанного';
    assertIncludes(badge(feed)!.getAttribute('aria-label'), expected, 'Russian plural');
    // The manager wrote the outage notice in Russian too: the feed asks for the widget's language.
    assertEqual(titlesIn(feed, 'pinned')[0], 'Перерыв в подаче воды', 'the Russian version of the urgent notice');
    assert(!titlesIn(feed, 'pinned').includes('Ūdens piegādes pārtraukums'), 'not the Latvian one');
  });

  it('fetches the notices again in the new language when the page switches', async () => {
    await logIn(ANNA);
    const feed = mountFeed('lang="ru"');
    await loaded(feed);
    await until(() => titlesIn(feed, 'pinned')[0] === 'Перерыв в подаче воды', 'the Russian version');
    feed.setAttribute('lang', 'lv');
    await until(() => titlesIn(feed, 'pinned')[0] === 'Ūdens piegādes pārtraukums', 'the Latvian version after the switch');
  });

  it('asks to log in when nobody is', async () => {
    const feed = mountFeed();
    await until(() => root(feed).textContent?.includes('Lai redzētu paziņojumus, pieslēdzieties.'), 'the login hint');
  });

  describe('renders what the manager wrote as text, never as HTML', () => {
    const realFetch = window.fetch;
    afterEach(() => {
      window.fetch = realFetch;
      delete (window as { pwned?: unknown }).pwned;
    });

    it('a <script> body, javascript: links and HTML in the title stay text; only http(s) addresses become links', async () => {
      const hostile: NoticeList = {
        unreadCount: 1,
        notices: [
          {
            id: '00000000-0000-4000-8000-000000000001',
            title: '<img src=x onerror="window.pwned=1">Svarīgi<b>!</b>',
            body:
              'Sveiki!<script>window.pwned=2</script>\n\nSkat. javascript:window.pwned=3 un <a href="javascript:window.pwned=4">šeit</a>.\n' +
              'Grafiks: https://example.lv/grafiks?a=1&b=2.\n\n<iframe src="javascript:window.pwned=5"></iframe>',
            kind: 'normal',
            pinned: false,
            publishAt: '2026-05-20T08:00:00.000Z',
            expiresAt: null,
            read: false,
            readAt: null,
            attachments: [],
          },
        ],
      };
      window.fetch = async (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (url.includes('/notices?')) return new Response(JSON.stringify(hostile), { status: 200, headers: { 'Content-Type': 'application/json' } });
        if (url.includes('/notices/') && url.endsWith('/read')) return new Response(null, { status: 204 });
        return realFetch(input, init);
      };
      await logIn(ANNA);
      const feed = mountFeed();
      await loaded(feed);
      const button = root(feed).querySelector<HTMLButtonElement>('.item-button')!;
      assertEqual(button.querySelector('.item-title')!.textContent, hostile.notices[0]!.title, 'the title shows its characters');
      assertEqual(root(feed).querySelector('img, b'), null, 'no element made from the title');

      button.click();
      const body = await until(() => root(feed).querySelector('[part="body"]'), 'the opened notice');
      assertEqual(root(feed).querySelector('.detail-title')!.textContent, hostile.notices[0]!.title, 'the detail title shows its characters');
      assertEqual(body.querySelectorAll('script, iframe, img, b').length, 0, 'no elements from the body');
      assertEqual(body.querySelectorAll('p').length, 3, 'blank lines make paragraphs');
      assertIncludes(body.textContent, '<script>window.pwned=2</script>', 'the script tag is text');
      assertIncludes(body.textContent, '<a href="javascript:window.pwned=4">šeit</a>', 'the anchor tag is text');
      const links = [...body.querySelectorAll('a')];
      assertEqual(links.length, 1, 'one link, the https one');
      assertEqual(links[0]!.getAttribute('href'), 'https://example.lv/grafiks?a=1&b=2', 'its address, without the full stop');
      assertEqual(links[0]!.getAttribute('rel'), 'noopener noreferrer nofollow', 'opened without opener');
      assertEqual((window as { pwned?: unknown }).pwned, undefined, 'nothing ran');
    });
  });

  it('downloads an attachment with the name and type the server sent (marks Anna’s notice read)', async () => {
    await logIn(ANNA);
    const feed = mountFeed();
    await loaded(feed);
    itemButton(feed, 'Kāpņu telpu kosmētiskais remonts')!.click();
    const attachment = await until(() => root(feed).querySelector<HTMLButtonElement>('[part="attachment"]'), 'the attachment');
    assertIncludes(attachment.textContent, 'Remontdarbu grafiks - Malkalnes prospekts 3.pdf', 'attachment name');

    const saved = await captureDownload(() => attachment.click());
    assertEqual(saved.download, 'Remontdarbu grafiks - Malkalnes prospekts 3.pdf', 'saved under its name');
    assertEqual(saved.blob.type, 'application/pdf', 'with the stored type');
    assertEqual(await saved.blob.slice(0, 5).text(), '%PDF-', 'a PDF');
  });
});
