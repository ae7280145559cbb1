/**
 * @module
 * Email addresses as the accounts accept them. One normal form is stored and compared: trimmed,
 * lower-cased, with an internationalised domain in its ASCII (punycode) form, so `anna@piemērs.lv`
 * and `anna@xn--piemrs-k6a.lv` are one account and any SMTP server can deliver to it. A local part
 * with non-ASCII letters (`анна@…`) needs SMTPUTF8, which many servers still refuse; it is turned
 * down with its own code instead of being queued and failing later. Control characters, spaces and
 * line breaks are refused outright: an address reaches the To header.
 */
import { domainToASCII } from 'node:url';
import { validationFailed } from '../errors.ts';

export type EmailProblem = 'required' | 'too_long' | 'invalid_format' | 'unsupported_characters';

export type ParsedEmail = { ok: true; email: string } | { ok: false; problem: EmailProblem };

/** RFC 5321 limits: 64 octets for the local part, 254 for the whole path. */
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TLD = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export function parseEmailAddress(raw: unknown): ParsedEmail {
  if (typeof raw !== 'string') return { ok: false, problem: 'required' };
  const value = raw.trim();
  if (!value) return { ok: false, problem: 'required' };
  if (value.length > 1000) return { ok: false, problem: 'too_long' };
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f\u2028\u2029]/u.test(value)) return { ok: false, problem: 'invalid_format' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return { ok: false, problem: 'invalid_format' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.includes('@')) return { ok: false, problem: 'invalid_format' };
  if (/[^\x20-\x7e]/.test(local)) return { ok: false, problem: 'unsupported_characters' };
  if (!DOT_ATOM.test(local)) return { ok: false, problem: 'invalid_format' };
  if (local.length > MAX_LOCAL) return { ok: false, problem: 'too_long' };

  const asciiDomain = domainToASCII(domain.toLowerCase());
  if (!asciiDomain) return { ok: false, problem: 'invalid_format' };
  const labels = asciiDomain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || !TLD.test(labels[labels.length - 1]!)) {
    return { ok: false, problem: 'invalid_format' };
  }
  const email = `${local.toLowerCase()}@${asciiDomain}`;
  if (email.length > MAX_ADDRESS) return { ok: false, problem: 'too_long' };
  return { ok: true, email };
}

/** The normal form of a valid address; 400 `validation_failed` with `{[field]: problem}` otherwise. */
export function requireEmailAddress(raw: unknown, field = 'email'): string {
  const parsed = parseEmailAddress(raw);
  if (!parsed.ok) throw validationFailed({ [field]: parsed.problem });
  return parsed.email;
}
