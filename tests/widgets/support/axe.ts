import 'axe-core';
import type { AxeResults } from 'axe-core';
import { assert } from './assert.ts';

// axe-core is a UMD script: imported as a module it installs itself on window.
const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;

/** Runs axe-core on `element` (shadow roots included) and fails with a readable list of problems. */
export async function expectNoAxeViolations(element: Element, state: string): Promise<void> {
  const results: AxeResults = await axe.run(element, { resultTypes: ['violations'] });
  const report = results.violations
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)
    .join('\n');
  assert(results.violations.length === 0, `axe violations in ${state}:\n${report}`);
}
