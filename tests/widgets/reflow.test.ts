/**
 * WCAG 1.4.10 and 1.4.12 for every widget alone: at 320 CSS px (1280 px at 400 % zoom) nothing
 * scrolls sideways, in Latvian, English and Russian (the longest words), logged out and logged in
 * with everything that opens opened; with the text spacing of 1.4.12 forced into every shadow root
 * no text is clipped. The demo page as a whole is checked in tests/e2e/accessibility.test.ts.
 */
import { setViewport } from '@web/test-runner-commands';
import '../../widgets/define.ts';
import { assert } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { ANNA, api, logIn, mount, resetPage, tenant } from './support/fixture.ts';
import { clippedText, deepElements, forceTextSpacing, horizontalOverflow, settled } from './support/layout.ts';
import { OPEN_NOW } from './meter-readings.fixture.ts';

const WIDGETS = [
  'owner-login',
  'password-reset',
  'owner-register',
  'owner-profile',
  'address-switcher',
  'meter-readings',
  'consumption-history',
  'invoice-list',
  'notice-feed',
  'house-documents',
  'manager-contact',
  'household-users',
  'invitation-accept',
] as const;

const LOADING = /Ielādē…|Loading…|Загрузка…/;

/** Opens everything a resident can open (tables, details, "all invoices"): the widest states. */
async function expandAll(element: Element): Promise<void> {
  for (const button of deepElements(element)) {
    if (button instanceof HTMLButtonElement && button.getAttribute('aria-expanded') === 'false' && !button.disabled) button.click();
    if (button instanceof HTMLDetailsElement) button.open = true;
  }
  await settled(element, LOADING);
}

async function checkAlone(tag: (typeof WIDGETS)[number], language: string, state: string): Promise<string[]> {
  const problems: string[] = [];
  const element = mount(`<${tag} api="${api}" tenant="${tenant}" now="${OPEN_NOW}"></${tag}>`, { lang: language }).querySelector(tag)!;
  await settled(element, LOADING);
  const what = `<${tag}> ${state} in ${language}`;
  problems.push(horizontalOverflow(what) ?? '');
  await expandAll(element);
  problems.push(horizontalOverflow(`${what}, expanded`) ?? '');
  const unforce = forceTextSpacing();
  try {
    problems.push(horizontalOverflow(`${what}, with WCAG text spacing`) ?? '');
    const clipped = clippedText(element);
    if (clipped.length) problems.push(`${what}, with WCAG text spacing: clipped ${clipped.join('; ')}`);
  } finally {
    unforce();
  }
  await expectNoAxeViolations(element, `${what} at 320 px`);
  element.parentElement!.remove();
  return problems.filter(Boolean);
}

describe('reflow at 320 CSS px and text spacing, every widget alone', () => {
  before(() => setViewport({ width: 320, height: 640 }));
  after(() => setViewport({ width: 800, height: 600 }));
  afterEach(resetPage);

  for (const language of ['lv', 'en', 'ru']) {
    it(`${language}: logged out`, async () => {
      document.documentElement.lang = language;
      const problems: string[] = [];
      for (const tag of WIDGETS) problems.push(...(await checkAlone(tag, language, 'logged out')));
      assert(problems.length === 0, problems.join('\n'));
    });

    it(`${language}: logged in as Anna, the reading window open`, async () => {
      document.documentElement.lang = language;
      await logIn(ANNA, { now: OPEN_NOW });
      const problems: string[] = [];
      for (const tag of WIDGETS) problems.push(...(await checkAlone(tag, language, 'logged in')));
      assert(problems.length === 0, problems.join('\n'));
    });
  }

  it('the check itself fails on a table hidden the fragile way', async () => {
    const container = mount('<table style="position:absolute;width:1px;height:1px;overflow:hidden"><tr><td style="white-space:nowrap">' + 'wide '.repeat(60) + '</td></tr></table>');
    assert(horizontalOverflow('a table with width: 1px') !== null, 'a table ignores width: 1px and widens the page');
    container.remove();
  });

  it('the check itself finds text clipped by a box of fixed height once spacing is forced', async () => {
    const container = mount('<p style="height:3em;overflow:hidden;margin:0">Viena rinda teksta, kas ietilpst.</p>');
    assert(clippedText(container).length === 0, 'fits without the forced spacing');
    container.firstElementChild!.textContent = 'Teksts '.repeat(40);
    const unforce = forceTextSpacing();
    try {
      assert(clippedText(container).length === 1, 'clipped with it');
    } finally {
      unforce();
    }
    container.remove();
  });
});
