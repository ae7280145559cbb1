/**
 * How a test (or a resident) uses `<owner-login>`: find its parts, fill the form the way a password
 * manager does (values set directly, no input events), submit it.
 */
import type { OwnerLogin } from '../../../widgets/owner-login/owner-login.ts';
import { until } from './fixture.ts';

export function input(login: OwnerLogin, name: string): HTMLInputElement {
  const element = login.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!element) throw new Error(`<owner-login> has no input named ${name}`);
  return element;
}

export function part(login: OwnerLogin, name: string): HTMLElement | null {
  return login.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

export function messageText(login: OwnerLogin): string {
  return part(login, 'message')?.textContent?.trim() ?? '';
}

export async function loginForm(login: OwnerLogin): Promise<HTMLFormElement> {
  return until(() => login.querySelector<HTMLFormElement>('form.doorstep-form input[name="email"]')?.form, 'the login form');
}

export async function submitLogin(login: OwnerLogin, email: string, password: string, remember = false): Promise<void> {
  const form = await loginForm(login);
  input(login, 'email').value = email;
  input(login, 'password').value = password;
  input(login, 'remember').checked = remember;
  form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

export async function greeting(login: OwnerLogin): Promise<HTMLElement> {
  return until(() => part(login, 'greeting'), 'the logged-in greeting');
}

/** Types into an input the way a keyboard does: value, then an input event. */
export function type(element: HTMLInputElement, value: string): void {
  element.value = value;
  element.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}
