/**
 * @module
 * A one-page PDF written by hand, for the demo's building documents and notice attachments. The
 * demo must not pull in a PDF library, and a valid file (correct cross-reference table, so every
 * viewer opens it without "repairing") is about a hundred lines.
 *
 * Text uses the standard Helvetica fonts, which every viewer has. Their usual encoding
 * (WinAnsi) lacks Latvian letters, so a /Differences array maps the unused codes 1–31 to the glyph
 * names of ā, č, ē, ģ, ī, ķ, ļ, ņ, š, ū, ž and their capitals; viewers know these glyphs and copy
 * them out as the right Unicode characters.
 */

export interface PdfDocument {
  /** Shown in bold at the top, and as the file's title. */
  title: string;
  /** Small grey line above the title: who issued it. */
  issuer: string;
  /** 'YYYY-MM-DD'; printed under the title and used as the creation date. */
  date: string;
  /** Paragraphs; long ones wrap. An empty string leaves a blank line. */
  paragraphs: string[];
  /** Small print at the bottom of the page. */
  footer?: string;
}

const LATVIAN_GLYPHS: Array<[string, string]> = [
  ['Ā', 'Amacron'], ['ā', 'amacron'], ['Č', 'Ccaron'], ['č', 'ccaron'], ['Ē', 'Emacron'], ['ē', 'emacron'],
  ['Ģ', 'Gcommaaccent'], ['ģ', 'gcommaaccent'], ['Ī', 'Imacron'], ['ī', 'imacron'], ['Ķ', 'Kcommaaccent'],
  ['ķ', 'kcommaaccent'], ['Ļ', 'Lcommaaccent'], ['ļ', 'lcommaaccent'], ['Ņ', 'Ncommaaccent'], ['ņ', 'ncommaaccent'],
  ['Š', 'Scaron'], ['š', 'scaron'], ['Ū', 'Umacron'], ['ū', 'umacron'], ['Ž', 'Zcaron'], ['ž', 'zcaron'],
];
const LATVIAN_CODES = new Map(LATVIAN_GLYPHS.map(([char], i) => [char, i + 1]));
/** The WinAnsi codes of the other non-ASCII characters the fixture's texts use. */
const WIN_ANSI: Record<string, number> = { '€': 128, '„': 132, '…': 133, '“': 147, '”': 148, '–': 150, '—': 151, '§': 167, '°': 176, '²': 178, '³': 179, '«': 171, '»': 187 };

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 56;
const BODY_SIZE = 11;
const LEADING = 15;
/** Helvetica averages about half an em per character; this keeps lines inside the margins. */
const CHARS_PER_LINE = 86;

export function renderPdf(doc: PdfDocument): Uint8Array {
  const content = pageContent(doc);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 7 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding 7 0 R >>',
    `<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 ${LATVIAN_GLYPHS.map(([, name]) => `/${name}`).join(' ')}] >>`,
    `<< /Title ${utf16Hex(doc.title)} /Author ${utf16Hex(doc.issuer)} /Producer (Doorstep demo) /CreationDate (D:${doc.date.replaceAll('-', '')}090000Z) >>`,
  ];
  // One character is one byte: text is escaped to ASCII, and the binary marker that tells tools
  // the file is not plain text (line 2) is written as latin1. So string offsets are byte offsets.
  let out = '%PDF-1.4\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 8 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(out, (char) => char.charCodeAt(0));
}

function pageContent(doc: PdfDocument): string {
  const ops: string[] = [];
  let y = PAGE_HEIGHT - MARGIN;
  const text = (font: 'F1' | 'F2', size: number, line: string, grey = false) => {
    ops.push(`BT ${grey ? '0.4 g' : '0 g'} /${font} ${size} Tf ${MARGIN} ${y} Td (${encodeText(line)}) Tj ET`);
  };
  text('F1', 9, doc.issuer, true);
  y -= 10;
  ops.push(`0.11 0.37 0.23 RG 1.5 w ${MARGIN} ${y} m ${PAGE_WIDTH - MARGIN} ${y} l S`);
  y -= 28;
  for (const line of wrap(doc.title, 52)) {
    text('F2', 16, line);
    y -= 21;
  }
  text('F1', 10, formatDate(doc.date), true);
  y -= 28;
  for (const paragraph of doc.paragraphs) {
    for (const line of paragraph === '' ? [''] : wrap(paragraph, CHARS_PER_LINE)) {
      if (y < MARGIN + 40) break;
      if (line) text('F1', BODY_SIZE, line);
      y -= LEADING;
    }
    y -= 4;
  }
  if (doc.footer) {
    y = MARGIN;
    ops.push(`0.7 G 0.5 w ${MARGIN} ${y + 12} m ${PAGE_WIDTH - MARGIN} ${y + 12} l S`);
    text('F1', 8, doc.footer, true);
  }
  return ops.join('\n');
}

function wrap(paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A PDF literal string's inside: ASCII as is, other characters as octal escapes of their code. */
function encodeText(line: string): string {
  let out = '';
  for (const char of line) {
    const code = LATVIAN_CODES.get(char) ?? WIN_ANSI[char] ?? char.charCodeAt(0);
    if (char === '(' || char === ')' || char === '\\') out += `\\${char}`;
    else if (code >= 32 && code < 127) out += char;
    else if (code < 256) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += '?';
  }
  return out;
}

/** A PDF text string in UTF-16BE with a byte-order mark, as hex: any Unicode title survives. */
function utf16Hex(value: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

function formatDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}.`;
}
