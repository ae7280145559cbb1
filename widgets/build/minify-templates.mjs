/**
 * Shrinks the static text of Lit's `css` and `html` tagged templates in a TypeScript source, for
 * the served chunks only (esbuild's minifier leaves template literals as they are written).
 *
 * - `css`: comments go, runs of whitespace become one space, and none is kept next to `{ } ; , >`
 *   (a space before `:` is kept: `.form :focus-visible` is not `.form:focus-visible`).
 * - `html`: runs of whitespace become one space. Nothing more: a space between two inline
 *   elements is shown, and so is one between an element and a `${text}`. Files whose templates
 *   keep line breaks on purpose (a `<textarea>`, a `<pre>`, or text rendered with
 *   `white-space: pre-wrap`, see PRE_WRAP) are left alone.
 *
 * It reads the source with a small scanner (strings, comments, regular expressions, template
 * literals and their `${…}` nested to any depth). When in doubt it changes nothing: the caller
 * checks that esbuild still parses the result and keeps the original source otherwise.
 */

/** Files whose `html` templates render text where a line break shows (white-space: pre-wrap). */
const PRE_WRAP = /(^|\/)core\/plain-text\.ts$/;

export function minifyTemplates(source, file = '') {
  const htmlToo = !PRE_WRAP.test(file) && !/<(textarea|pre)\b/.test(source);
  const edits = [];
  let i = 0;
  const n = source.length;

  const skipString = (quote) => {
    i++;
    while (i < n && source[i] !== quote) {
      if (source[i] === '\\') i++;
      else if (source[i] === '\n') return; // not a string after all
      i++;
    }
    i++;
  };
  const skipRegex = () => {
    i++;
    let inClass = false;
    while (i < n) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '[') (inClass = true), i++;
      else if (c === ']') (inClass = false), i++;
      else if (c === '/' && !inClass) break;
      else if (c === '\n') return;
      else i++;
    }
    i++;
  };
  const previousSignificant = (at) => {
    let j = at - 1;
    while (j >= 0 && /\s/.test(source[j])) j--;
    return j;
  };
  const regexCanStart = (at) => {
    const j = previousSignificant(at);
    if (j < 0) return true;
    if ('(,=:[!&|?{};+-*%<>~^'.includes(source[j])) return true;
    const word = /[A-Za-z_$]+$/.exec(source.slice(Math.max(0, j - 10), j + 1))?.[0];
    return word !== undefined && ['return', 'typeof', 'case', 'in', 'of', 'void', 'delete', 'throw', 'yield', 'await'].includes(word);
  };

  /** Code until an unmatched `}` (inside `${…}`) or the end; `i` is left on that `}`. */
  const scanCode = (untilBrace) => {
    let depth = 0;
    while (i < n) {
      const c = source[i];
      if (c === "'" || c === '"') skipString(c);
      else if (c === '`') scanTemplate();
      else if (c === '/' && source[i + 1] === '/') {
        while (i < n && source[i] !== '\n') i++;
      } else if (c === '/' && source[i + 1] === '*') {
        const end = source.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c === '/' && regexCanStart(i)) skipRegex();
      else if (c === '{') depth++, i++;
      else if (c === '}') {
        if (depth === 0 && untilBrace) return;
        depth--;
        i++;
      } else i++;
    }
  };

  /** A template literal starting at `i` (on its backtick); records edits of its static parts when tagged. */
  const scanTemplate = () => {
    const tag = /(?:^|[^\w$.])(html|css|svg)\s*$/.exec(source.slice(Math.max(0, i - 12), i))?.[1];
    const kind = tag === 'css' ? 'css' : tag === 'html' && htmlToo ? 'html' : undefined;
    i++;
    let start = i;
    const flush = (end) => {
      if (kind && end > start) edits.push({ start, end, kind });
    };
    while (i < n) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        flush(i);
        i++;
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        flush(i);
        i += 2;
        scanCode(true);
        i++; // the closing brace
        start = i;
      } else i++;
    }
  };

  scanCode(false);
  if (edits.length === 0) return source;
  let out = '';
  let at = 0;
  for (const { start, end, kind } of edits) {
    out += source.slice(at, start) + (kind === 'css' ? minifyCss(source.slice(start, end)) : minifyHtml(source.slice(start, end)));
    at = end;
  }
  return out + source.slice(at);
}

function minifyCss(text) {
  if (text.includes('\\')) return text; // escapes: leave them exactly as written
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/;}/g, '}');
}

function minifyHtml(text) {
  if (text.includes('\\')) return text;
  return text.replace(/\s+/g, ' ');
}
