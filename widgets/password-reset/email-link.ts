/**
 * @module
 * Links in Doorstep's emails open the manager's page with `#token=…&flow=…` in the fragment
 * (the browser never sends a fragment to any server, so the token stays out of every log). The
 * account widgets read the flow meant for them, and remove the fragment once the token is used,
 * so a reload or a shared screenshot does not carry it further. `<password-reset>` takes
 * `reset`, `<owner-register>` takes `register`, `<owner-profile>` takes `email` and `unsubscribe`.
 */

export type LinkFlow = 'register' | 'reset' | 'email' | 'unsubscribe';

export interface EmailLink {
  flow: LinkFlow;
  token: string;
}

/** The link in the page's fragment when it is one of `flows`. */
export function readEmailLink(flows: readonly LinkFlow[], location: Pick<Location, 'hash'> = window.location): EmailLink | undefined {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('token');
  const flow = params.get('flow') as LinkFlow | null;
  if (!token || !flow || !flows.includes(flow) || token.length > 2048) return undefined;
  return { flow, token };
}

/** Removes the token from the address bar without reloading or adding a history entry. */
export function forgetEmailLink(): void {
  const url = new URL(window.location.href);
  if (!url.hash.includes('token=')) return;
  url.hash = '';
  history.replaceState(history.state, '', url.pathname + url.search);
}
