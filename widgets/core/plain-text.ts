/**
 * @module
 * Showing text a manager or a resident wrote: paragraphs (blank lines), line breaks, and bare
 * http(s) addresses as links, and nothing else. The text never passes through innerHTML: every
 * piece goes into a Lit text binding, so `<script>`, `<img onerror>` or an HTML title show as the
 * characters they are. Only addresses that parse as http: or https: become links, so a
 * `javascript:` or `data:` "link" stays plain text.
 */
import { html, nothing, type TemplateResult } from 'lit';

export type TextPiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const ADDRESS = /\bhttps?:\/\/[^\s<>"]+/gi;
/** Punctuation that ends a sentence after an address is not part of it. */
const TRAILING = /[.,;:!?'"»”)\]]+$/;

/** The address as a link target, or null when it is not a plain http(s) URL. */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** One line, cut into text and links. */
export function linkify(line: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let rest = 0;
  for (const match of line.matchAll(ADDRESS)) {
    const start = match.index ?? 0;
    const address = match[0].replace(TRAILING, '');
    const href = safeHref(address);
    if (!href) continue;
    if (start > rest) pieces.push({ kind: 'text', text: line.slice(rest, start) });
    pieces.push({ kind: 'link', text: address, href });
    rest = start + address.length;
  }
  if (rest < line.length) pieces.push({ kind: 'text', text: line.slice(rest) });
  return pieces;
}

/** Paragraphs (split at blank lines), each a list of lines. */
export function paragraphsOf(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => paragraph.split('\n'));
}

/** The text as `<p>` elements with `<br>` and safe links; links open in a new tab. */
export function renderPlainText(text: string): TemplateResult {
  return html`${paragraphsOf(text).map(
    (lines) =>
      html`<p>${lines.map(
        (line, index) =>
          html`${index > 0 ? html`<br />` : nothing}${linkify(line).map((piece) =>
            piece.kind === 'link' ? html`<a href=${piece.href} target="_blank" rel="noopener noreferrer nofollow">${piece.text}</a>` : piece.text,
          )}`,
      )}</p>`,
  )}`;
}
