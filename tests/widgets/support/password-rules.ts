/**
 * The live password rules under a new-password field, as a test watches them turn from red to
 * green. Every form that sets a password renders the same list (widgets/core/password-rule-list.ts),
 * so one way to read it serves them all.
 */
import { until } from './fixture.ts';

export function passwordRule(scope: ParentNode, code: string): HTMLElement | null {
  return scope.querySelector<HTMLElement>(`.doorstep-rule[data-rule="${code}"]`);
}

/** Resolves with the rule `code` once it shows `state`. */
export async function ruleState(scope: ParentNode, code: string, state: 'met' | 'unmet'): Promise<HTMLElement> {
  return until(() => {
    const rule = passwordRule(scope, code);
    return rule?.dataset['state'] === state ? rule : null;
  }, `rule ${code} to be ${state}`);
}
