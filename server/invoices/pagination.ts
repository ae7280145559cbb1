/**
 * @module
 * Keyset pagination of a premise's invoices, newest first, ordered by (issue date, id). The cursor
 * names the last invoice of the page the client has, so the next page starts right after it, and
 * invoices issued meanwhile (which sort before it) neither repeat nor push anything off a page,
 * as an offset would. The cursor is opaque to clients: base64url of "YYYY-MM-DD|uuid".
 */
import { isUuid } from '../http/ids.ts';

export interface InvoiceCursor {
  issueDate: string;
  id: string;
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date, so Postgres never sees '2026-02-31' and answers with a cast error. */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function encodeCursor(cursor: InvoiceCursor): string {
  return base64url(`${cursor.issueDate}|${cursor.id}`);
}

/** The cursor, or null when the text is not one this server made. */
export function decodeCursor(text: string): InvoiceCursor | null {
  if (text.length > 100 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let decoded: string;
  try {
    decoded = fromBase64url(text);
  } catch {
    return null;
  }
  const [issueDate, id, ...rest] = decoded.split('|');
  if (rest.length || !issueDate || !id || !isIsoDate(issueDate) || !isUuid(id)) return null;
  return { issueDate, id: id.toLowerCase() };
}

function base64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}
