/**
 * @module
 * Which files a resident may upload, decided from the bytes and the name together, never from
 * the Content-Type the browser claims. A file is accepted only when its first bytes carry the
 * signature of an allowed format AND its extension names that same format; the type we store
 * (and later serve) is ours, from this table. So an HTML page renamed to `.pdf`, or a PDF
 * renamed to `.html`, is refused, and nothing we serve back can turn into a page in our origin.
 */

export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

interface Format {
  contentType: string;
  extensions: readonly string[];
  /** True when the first bytes are this format's signature. */
  matches(head: Uint8Array): boolean;
}

const startsWith = (head: Uint8Array, signature: readonly number[], offset = 0) =>
  head.length >= offset + signature.length && signature.every((byte, i) => head[offset + i] === byte);
const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isZip = (head: Uint8Array) => startsWith(head, ZIP);
const isOle = (head: Uint8Array) => startsWith(head, OLE);
const HEIF_BRANDS = ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'heif'];

/** What people send a building manager: scans and photos, PDFs, office documents. */
export const ALLOWED_FORMATS: readonly Format[] = [
  { contentType: 'application/pdf', extensions: ['pdf'], matches: (h) => startsWith(h, ascii('%PDF-')) },
  { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { contentType: 'image/png', extensions: ['png'], matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { contentType: 'image/webp', extensions: ['webp'], matches: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8) },
  {
    contentType: 'image/heic',
    extensions: ['heic', 'heif'],
    matches: (h) => startsWith(h, ascii('ftyp'), 4) && HEIF_BRANDS.some((brand) => startsWith(h, ascii(brand), 8)),
  },
  { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], matches: isZip },
  { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], matches: isZip },
  { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], matches: isZip },
  { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], matches: isZip },
  { contentType: 'application/msword', extensions: ['doc'], matches: isOle },
  { contentType: 'application/vnd.ms-excel', extensions: ['xls'], matches: isOle },
];

/** The extensions a widget may put in its file picker's `accept`. */
export const ALLOWED_EXTENSIONS = ALLOWED_FORMATS.flatMap((format) => format.extensions.map((ext) => `.${ext}`));

export type UploadRefusal = 'file_too_large' | 'file_type_not_allowed' | 'file_empty';

export type UploadDecision =
  | { ok: true; contentType: string; fileName: string }
  | { ok: false; code: UploadRefusal };

/**
 * Decides one uploaded file. `head` needs only the first 16 bytes; `size` is the whole size.
 */
export function checkUpload(input: { fileName: string; size: number; head: Uint8Array; maxBytes?: number }): UploadDecision {
  if (input.size > (input.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES)) return { ok: false, code: 'file_too_large' };
  if (input.size === 0) return { ok: false, code: 'file_empty' };
  const fileName = safeFileName(input.fileName);
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  const format = ALLOWED_FORMATS.find((f) => extension && f.extensions.includes(extension) && f.matches(input.head));
  return format ? { ok: true, contentType: format.contentType, fileName } : { ok: false, code: 'file_type_not_allowed' };
}

const MAX_NAME = 180;

/**
 * A file name fit to store and to send back in Content-Disposition: the last path segment only
 * (browsers once sent `C:\Users\…\scan.pdf`), no control characters or quotes, at most 180
 * characters with the extension kept. Latvian and Russian letters stay.
 */
export function safeFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let name = last.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f"*<>?|:]/g, '').replace(/\s+/g, ' ').trim();
  name = name.replace(/^\.+/, '');
  if (name.length > MAX_NAME) {
    const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
    name = name.slice(0, MAX_NAME - ext.length) + ext;
  }
  return name || 'file';
}
