import '../../widgets/define.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { resetPage, until } from './support/fixture.ts';
import { CLOSED_NOW, loginAt, mountWidget, text } from './meter-readings.fixture.ts';

describe('<consumption-history>', () => {
  afterEach(resetPage);

  it('draws a bar per month for a meter with two years of history, with the same figures in a table', async () => {
    await loginAt('anna@example.lv', CLOSED_NOW);
    const element = mountWidget('consumption-history', CLOSED_NOW);
    const root = element.shadowRoot!;
    const figures = await until(() => {
      const found = root.querySelectorAll<HTMLElement>('[part="meter"]');
      return found.length === 2 ? [...found] : null;
    }, 'a figure per meter');
    const cold = figures.find((figure) => text(figure.querySelector('figcaption')).includes('21458710'))!;
    assertIncludes(text(cold.querySelector('figcaption')), 'Aukstais ūdens', 'caption names the meter');

    const chart = cold.querySelector('svg')!;
    assertEqual(chart.getAttribute('role'), 'img', 'the chart is an image');
    assertIncludes(chart.getAttribute('aria-label'), 'Patēriņš pa mēnešiem no', 'with a spoken summary');
    const bars = chart.querySelectorAll('rect.bar');
    // Twelve months up to the last closed window: the demo has a reading in each.
    assertEqual(bars.length, 12, 'a bar per month');
    for (const bar of bars) assert(Number(bar.getAttribute('height')) > 0, `bar ${bar.getAttribute('data-period')} has a height`);
    assertIncludes(bars[0]!.querySelector('title')!.textContent, 'm³', 'each bar has a tooltip with its figure');

    const table = cold.querySelector('table')!;
    assertEqual(table.querySelectorAll('tbody tr').length, 12, 'a table row per month');
    assertEqual(table.querySelectorAll('th[scope="col"]').length, 3, 'column headers');
    // Hidden by its wrapper: a table itself ignores `width: 1px` and would widen the page at 320 px.
    assert(table.parentElement!.classList.contains('visually-hidden'), 'the table is there for screen readers');
    assert(table.getBoundingClientRect().width > 1 && table.parentElement!.getBoundingClientRect().width <= 1, 'the wrapper, not the table, is 1 px wide');
    const toggle = cold.querySelector<HTMLButtonElement>('[part="table-toggle"]')!;
    assertEqual(toggle.getAttribute('aria-expanded'), 'false', 'collapsed toggle');
    toggle.click();
    await until(() => !cold.querySelector('table')!.parentElement!.classList.contains('visually-hidden'), 'the table shown');
    const wrapper = cold.querySelector('table')!.parentElement!;
    assertEqual(wrapper.getAttribute('role'), 'region', 'shown, it scrolls sideways in its own region');
    assertEqual(wrapper.getAttribute('tabindex'), '0', 'which the keyboard reaches');
    assertEqual(cold.querySelector('[part="table-toggle"]')!.getAttribute('aria-expanded'), 'true', 'expanded toggle');
    await expectNoAxeViolations(element, 'the consumption history');
  });

  it('follows the language, and shows 24 months when asked', async () => {
    await loginAt('anna@example.lv', CLOSED_NOW);
    const element = mountWidget('consumption-history', CLOSED_NOW, { lang: 'ru' });
    element.setAttribute('months', '24');
    const chart = await until(() => element.shadowRoot!.querySelector('svg'), 'the chart');
    await until(() => chart.isConnected && element.shadowRoot!.querySelectorAll('[part="meter"]')[0]?.querySelectorAll('tbody tr').length === 24, '24 rows');
    assertEqual(text(element.shadowRoot!.querySelector('[part="title"]')), 'История потребления', 'title in Russian');
    const summary = element.shadowRoot!.querySelector('svg')!.getAttribute('aria-label');
    assertIncludes(summary, 'Расход по месяцам', 'summary in Russian');
  });
});
