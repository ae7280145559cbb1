/**
 * @module
 * The Content-Disposition header for a download, per RFC 6266: a plain-ASCII `filename` for old
 * clients and the exact UTF-8 name in `filename*` (RFC 8187), so "Rēķins" arrives as "Rēķins" in
 * browsers and as "Rekins" in anything that knows only the old parameter.
 */

/** ASCII stand-in: diacritics dropped (ē → e), anything else unsafe in a header or a path → "_". */
export function asciiFileName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._()-]+/g, '_')
    .replace(/_+/g, '_')
    .trim();
  const dot = ascii.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [ascii.slice(0, dot), ascii.slice(dot)] : [ascii, ''];
  const cleanStem = stem.replace(/^[.\s_]+/, '').replace(/[\s_]+$/, '');
  // "Счёт.pdf" has nothing left to show in ASCII; a neutral name beats "_.pdf".
  return (/[A-Za-z0-9]/.test(cleanStem) ? cleanStem : 'download') + extension;
}

/** A name safe on every file system: no path separators, control characters or reserved marks. */
export function safeFileName(name: string, fallback = 'download'): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  return [...cleaned].slice(0, 120).join('') || fallback;
}

const encodeRfc8187 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const name = safeFileName(fileName);
  return `${kind}; filename="${asciiFileName(name)}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}
