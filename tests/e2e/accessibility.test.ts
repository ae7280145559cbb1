/**
 * The demo page as residents who zoom, tab and listen use it, in Chromium (issue #21):
 * - reflow: at 320 CSS px (400 % zoom of 1280 px) and 640 px (200 %) nothing scrolls sideways, in
 *   Latvian, English and Russian, logged out and logged in;
 * - a keyboard-only run from the skip link through login, a reading with the plausibility question,
 *   its receipt, an address switch, an invoice PDF and a message to the manager, with no mouse event;
 * - the receipt's time in the manager's zone (Riga), named, in a browser set to New York;
 * - forced colours and reduced motion.
 * The widgets alone are checked in tests/widgets/reflow.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from './support/server.ts';

// The window is open (Ogre's rule: the last two days of May and June 1st); the seed stands here too.
const NOW = '2026-05-30T10:00:00+03:00';
let browser: Browser;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'doorstep-a11y-'));
  // A PGlite start with the demo seed takes 12-20 s alone, minutes on a busy 2-core machine.
  server = await startServer('node', { DOORSTEP_DATA_DIR: dataDir, DOORSTEP_NOW: NOW }, { startSeconds: 240 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function openDemo(options: BrowserContextOptions & { language?: string } = {}): Promise<Page> {
  const { language, ...contextOptions } = options;
  const context = await browser.newContext({ acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  if (language) await page.addInitScript((lang) => localStorage.setItem('demo-namsaimnieks.lang', lang), language);
  await page.goto(`${server.url}/?now=2026-05-30T10:00`);
  await page.locator('owner-login input[autocomplete="username"]').waitFor();
  return page;
}

/** The page's width beyond its viewport, with the elements sticking out (shadow roots included). */
function sidewaysScroll(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const out: string[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const child of node.children) {
        const box = child.getBoundingClientRect();
        const clipped = child.closest('.visually-hidden, .doorstep-visually-hidden');
        if (box.right > root.clientWidth + 0.5 && box.width > 0 && !clipped) {
          const host = child.getRootNode() instanceof ShadowRoot ? `${(child.getRootNode() as ShadowRoot).host.localName} › ` : '';
          out.push(`${host}${child.localName}.${child.className || ''} (${Math.round(box.right)} px)`);
        }
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    walk(document.body);
    return `${root.scrollWidth} px wide in ${root.clientWidth}: ${out.slice(-8).join('; ')}`;
  });
}

async function logInByMouse(page: Page, email = 'anna@example.lv'): Promise<void> {
  const login = page.locator('owner-login');
  await login.locator('input[autocomplete="username"]').fill(email);
  await login.locator('input[autocomplete="current-password"]').fill('Parole-2026!');
  await login.locator('button[type="submit"]').click();
  await login.locator('[part="greeting"]').waitFor();
  // Everything a logged-in resident sees has loaded.
  await page.locator('invoice-list [part~="latest"]').waitFor();
  await page.locator('meter-readings .meter').first().waitFor();
  await page.locator('consumption-history [part="meter"]').first().waitFor();
  await page.locator('notice-feed li').first().waitFor();
}

test('reflow: the demo page scrolls sideways at neither 320 nor 640 CSS px, in lv, en and ru, logged out and in', async () => {
  for (const language of ['lv', 'en', 'ru']) {
    for (const width of [320, 640]) {
      const page = await openDemo({ language, viewport: { width, height: 800 } });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      expect(await sidewaysScroll(page), `${language} at ${width} px, logged out`).toBeNull();
      if (width === 320) {
        await logInByMouse(page);
        expect(await sidewaysScroll(page), `${language} at ${width} px, logged in`).toBeNull();
        // Every figures table shown: each scrolls inside its own region, never the page.
        for (const toggle of await page.locator('consumption-history [part="table-toggle"]').all()) await toggle.click();
        expect(await sidewaysScroll(page), `${language} at ${width} px, figures tables shown`).toBeNull();
      }
      await page.context().close();
    }
  }
});

/**
 * Zoom as zoom: whether the page can be scrolled sideways (it is scrolled as far right as it goes
 * and `scrollX` read back, which holds under CSS zoom too), and every control whose text its own
 * box clips (buttons, links, labels, summaries, selects, legends; shadow roots included).
 */
function zoomProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    // 'instant': the demo page scrolls smoothly, and a smooth scroll has not moved yet when read.
    window.scrollTo({ left: 100_000, top: window.scrollY, behavior: 'instant' });
    if (window.scrollX > 0) problems.push(`scrolls sideways by ${Math.round(window.scrollX)} px`);
    window.scrollTo({ left: 0, top: window.scrollY, behavior: 'instant' });
    const controls = 'button, a[href], label, summary, select, legend, [role="tab"], [role="button"]';
    const walk = (root: Document | ShadowRoot, host: string) => {
      for (const element of root.querySelectorAll<HTMLElement>('*')) {
        if (element.shadowRoot) walk(element.shadowRoot, element.localName);
        if (!element.matches(controls) || !(element.textContent ?? '').trim()) continue;
        if (element.closest('.visually-hidden, .doorstep-visually-hidden, [hidden]')) continue;
        const style = getComputedStyle(element);
        if (style.display === 'none' || style.display === 'contents' || style.visibility === 'hidden') continue;
        if (element.clientWidth === 0 && element.clientHeight === 0) continue;
        if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
          problems.push(`${host} › ${element.localName} "${(element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}" clipped (${element.scrollWidth}×${element.scrollHeight} in ${element.clientWidth}×${element.clientHeight})`);
        }
      }
    };
    walk(document, 'page');
    return problems;
  });
}

test('zoom as zoom: a 1280-px window at 200 % and 400 % browser zoom scrolls nothing sideways and clips no control’s text, in lv, en and ru', async () => {
  for (const language of ['lv', 'en', 'ru']) {
    for (const factor of [2, 4]) {
      // What browser zoom does: the CSS viewport shrinks to 1280/factor px (media queries see that),
      // and each CSS px takes `factor` device px.
      const page = await openDemo({ language, viewport: { width: 1280 / factor, height: 800 / factor }, deviceScaleFactor: factor });
      expect(await page.evaluate(() => [window.innerWidth, window.devicePixelRatio])).toEqual([1280 / factor, factor]);
      expect(await zoomProblems(page), `${language}, ${factor * 100} % zoom, logged out`).toEqual([]);
      await logInByMouse(page);
      expect(await zoomProblems(page), `${language}, ${factor * 100} % zoom, logged in`).toEqual([]);
      await page.context().close();
    }
  }
});

/** Each widget's width in its own CSS px (what it has to lay out in), by tag. */
function widgetWidths(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const tags = ['owner-login', 'address-switcher', 'meter-readings', 'consumption-history', 'invoice-list', 'notice-feed', 'house-documents', 'manager-contact', 'household-users', 'owner-profile'];
    return Object.fromEntries(
      tags.flatMap((tag) => [...document.querySelectorAll<HTMLElement>(tag)].filter((el) => el.offsetWidth > 0).map((el) => [tag, el.offsetWidth])),
    );
  });
}

test('CSS zoom on the page: at 200 % and 400 % of a 1280-px window the columns stack, no widget is squeezed, nothing scrolls sideways or clips, in lv, en and ru', async () => {
  // Unlike browser zoom, CSS `zoom` leaves the window 1280 px wide for media queries, so a layout
  // chosen by the window stayed two-column and squeezed the side column to 36 CSS px.
  for (const language of ['lv', 'en', 'ru']) {
    const page = await openDemo({ language, viewport: { width: 1280, height: 800 } });
    await logInByMouse(page);
    for (const zoom of [2, 4]) {
      await page.evaluate((factor) => void (document.documentElement.style.zoom = String(factor)), zoom);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).zoom)).toBe(String(zoom));
      expect(await zoomProblems(page), `${language}, CSS zoom ${zoom}`).toEqual([]);
      // The page is 1280 / zoom CSS px wide: each widget gets most of it (the 320-px reflow case
      // gives them about 246 px), none a side column's sliver.
      const widths = await widgetWidths(page);
      expect(Object.keys(widths).length, `${language}, CSS zoom ${zoom}: the widgets measured`).toBeGreaterThanOrEqual(8);
      const squeezed = Object.entries(widths).filter(([, width]) => width < 200);
      expect(squeezed, `${language}, CSS zoom ${zoom}: widgets narrower than 200 CSS px`).toEqual([]);
    }
    await page.context().close();
  }
});

test('zoom check itself: a button too narrow for its text and a page wider than the window are found', async () => {
  const page = await openDemo({ viewport: { width: 320, height: 200 }, deviceScaleFactor: 4 });
  await page.evaluate(() => {
    const button = document.createElement('button');
    button.textContent = 'Nosūtīt tik un tā, lai gan patēriņš ir liels';
    button.style.cssText = 'width: 4rem; height: 1.5rem; overflow: hidden; white-space: nowrap';
    document.body.append(button);
  });
  const problems = await zoomProblems(page);
  expect(problems.some((problem) => problem.includes('"Nosūtīt tik un tā') && problem.includes('clipped'))).toBe(true);
  await page.evaluate(() => { const wide = document.createElement('div'); wide.style.cssText = 'width: 400px; height: 1px'; document.body.append(wide); });
  expect((await zoomProblems(page)).some((problem) => problem.startsWith('scrolls sideways'))).toBe(true);
  await page.context().close();
});

/** The focused element, inside shadow roots. */
function focused(page: Page): Promise<{ tag: string; text: string; name: string | null; part: string | null; host: string | null; classes: string }> {
  return page.evaluate(() => {
    let active = document.activeElement;
    let host: Element | null = null;
    while (active?.shadowRoot?.activeElement) {
      host = active;
      active = active.shadowRoot.activeElement;
    }
    return {
      tag: active?.localName ?? '',
      text: (active?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      name: active?.getAttribute('autocomplete') ?? active?.getAttribute('name') ?? null,
      part: active?.getAttribute('part') ?? null,
      host: host?.localName ?? active?.closest('owner-login, password-reset')?.localName ?? null,
      classes: active?.getAttribute('class') ?? '',
    };
  });
}

/** Presses Tab (or Shift+Tab) until `wanted` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, what: string, wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 80, key = 'Tab'): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press(key);
    if (wanted(await focused(page))) return presses;
  }
  throw new Error(`${what} was not reached in ${limit} Tab presses (last: ${JSON.stringify(await focused(page))})`);
}

test('keyboard alone: skip link, login, a reading with the plausibility question, its receipt in Riga time, an address switch, an invoice PDF, a message to the manager', async () => {
  // A resident abroad: the browser's clock says New York, the receipt must say Riga.
  const page = await openDemo({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
  await page.evaluate(() => {
    const counter = { count: 0, kinds: [] as string[] };
    (window as unknown as { mouseEvents: typeof counter }).mouseEvents = counter;
    for (const kind of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'mousemove', 'wheel', 'touchstart']) {
      window.addEventListener(kind, () => (counter.count++, counter.kinds.push(kind)), { capture: true });
    }
  });

  // The skip link comes first.
  await page.keyboard.press('Tab');
  expect((await focused(page)).classes).toContain('skip-link');

  // Login with Enter; focus lands on the greeting.
  await tabTo(page, 'the email field', (f) => f.name === 'username');
  await page.keyboard.type('anna@example.lv');
  await page.keyboard.press('Tab');
  expect((await focused(page)).name).toBe('current-password');
  await page.keyboard.type('Parole-2026!');
  await page.keyboard.press('Enter');
  await page.locator('owner-login [part="greeting"]').waitFor();
  await expect.poll(async () => (await focused(page)).part).toBe('greeting');

  // A reading far above the usual: the question is asked, and focus is on its answer.
  const card = page.locator('meter-readings .meter').first();
  await card.waitFor();
  const last = (await card.locator('.last-reading').innerText()).replace(/\s/g, '');
  const previous = Number(/([\d,]+)m³/.exec(last)![1]!.replace(',', '.'));
  await tabTo(page, 'the first reading field', (f) => f.host === 'meter-readings' && f.tag === 'input');
  await page.keyboard.type((previous + 60).toFixed(3).replace('.', ','));
  await page.keyboard.press('Enter');
  await card.locator('[part="warning"]').waitFor();
  await expect.poll(async () => (await focused(page)).classes).toContain('send-anyway');
  await page.keyboard.press('Enter');
  const receipt = card.locator('[part="receipt"]');
  await expect.poll(() => receipt.innerText()).toContain('saņemts 30.05.2026 plkst. 10:00 (Rīgas laiks)');
  expect(await receipt.getAttribute('role')).toBe('status');

  // Another address, chosen from the keyboard.
  await tabTo(page, 'the address list', (f) => f.host === 'address-switcher' && f.tag === 'select', 40, 'Shift+Tab');
  const before = await page.locator('meter-readings .serial').first().innerText();
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => page.locator('meter-readings .serial').first().innerText()).not.toBe(before);

  // The latest invoice's PDF.
  await page.locator('invoice-list [part~="latest"]').waitFor();
  await tabTo(page, 'the PDF button', (f) => f.host === 'invoice-list' && f.part === 'download-button');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/\.pdf$/);

  // A question to the manager.
  await tabTo(page, 'the new-message button', (f) => f.host === 'manager-contact' && (f.part ?? '').includes('new-button'));
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).name).toBe('subject');
  await page.keyboard.type('Kāpņu telpas apgaismojums');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Otrajā stāvā nedeg lampa.');
  await tabTo(page, 'the send button', (f) => f.host === 'manager-contact' && f.tag === 'button' && f.classes.trim() === 'button', 10);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).classes).toContain('conversation-heading');
  // The message's time is the manager's clock too, not New York's 03:00.
  expect(await page.locator('manager-contact .message-time').last().innerText()).toBe('30.05.2026 10:00');

  expect(await page.evaluate(() => (window as unknown as { mouseEvents: { count: number; kinds: string[] } }).mouseEvents)).toEqual({ count: 0, kinds: [] });
  await page.context().close();
});

test('forced colours keep focus rings, chart bars, badges and errors visible; reduced motion stops every animation', async () => {
  const page = await openDemo({ viewport: { width: 1280, height: 900 }, forcedColors: 'active', reducedMotion: 'reduce' });
  await logInByMouse(page);
  const report = await page.evaluate(() => {
    const problems: string[] = [];
    const all: Element[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const child of node.children) {
        all.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    walk(document.body);
    const moving = (list: string) => list.split(',').some((d) => parseFloat(d) > 0.01);
    for (const element of all) {
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(element, pseudo);
        if ((moving(style.transitionDuration) && style.transitionProperty !== 'none') || (style.animationName !== 'none' && moving(style.animationDuration))) {
          problems.push(`moves: ${element.localName}.${element.getAttribute('class') ?? ''}${pseudo ?? ''}`);
        }
      }
    }
    // Badges and statuses keep a border (forced colours drop backgrounds); chart bars keep a colour.
    for (const element of all.filter((e) => /\b(badge|status|tag)\b/.test(e.getAttribute('class') ?? '') && (e.textContent ?? '').trim())) {
      const style = getComputedStyle(element);
      const drawn = style.borderTopStyle !== 'none' && style.borderTopColor !== 'rgba(0, 0, 0, 0)' && parseFloat(style.borderTopWidth) > 0;
      if (!drawn) problems.push(`badge without a border: ${(element.textContent ?? '').trim()} (${style.borderTopStyle} ${style.borderTopColor})`);
    }
    for (const bar of all.filter((e) => e.localName === 'rect' && /\bbar\b/.test(e.getAttribute('class') ?? ''))) {
      const fill = getComputedStyle(bar).fill;
      if (fill === 'none' || fill === 'rgba(0, 0, 0, 0)') problems.push('a chart bar without a fill');
    }
    return problems;
  });
  expect(report).toEqual([]);

  // The focus ring survives forced colours: an outline, not a box-shadow that forced colours remove.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    let active = document.activeElement!;
    while (active.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const style = getComputedStyle(active);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(ring.style).not.toBe('none');
  expect(ring.width).toBeGreaterThanOrEqual(2);
  await page.context().close();
});
