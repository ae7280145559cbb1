import 'axe-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { assert } from './assert.ts';

// axe-core is a UMD script: imported as a module it installs itself on window.
const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;

/**
 * WCAG 2.0, 2.1 and 2.2 A and AA, plus axe's best practices. Naming the tags is what turns on the
 * rules axe leaves off by default, among them `target-size` (2.5.8, new in WCAG 2.2).
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const options: RunOptions = {
  resultTypes: ['violations'],
  runOnly: { type: 'tag', values: AXE_TAGS },
  rules: {
    // A widget is a part of the host page: the page has the one <main>, <h1> and landmarks.
    region: { enabled: false },
    'landmark-one-main': { enabled: false },
    'page-has-heading-one': { enabled: false },
  },
};

/** Runs axe-core on `element` (shadow roots included) and fails with a readable list of problems. */
export async function expectNoAxeViolations(element: Element, state: string): Promise<void> {
  const results: AxeResults = await axe.run(element, options);
  const report = results.violations
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)
    .join('\n');
  assert(results.violations.length === 0, `axe violations in ${state}:\n${report}`);
}
