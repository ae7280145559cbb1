/**
 * @module
 * What the console's resident search (GET /admin/resident-search) makes of what staff typed,
 * free of HTTP and SQL: the words, each matched as the start of a word of the address, account
 * number, name or email ("malk 3-111" finds "Malkalnes prospekts 3-111"), all of them required.
 *
 * The text search query is built here from letters and digits only (and `@ . _`, which emails
 * keep together), each word quoted, so nothing typed is ever read as the query language's own
 * syntax: "a & !b", quotes or backslashes are just more word boundaries, and no input reaches the
 * database as something it cannot parse (no 500 for odd input).
 */

/** Words taken from one query; more is refused (`too_many_words`), so one search stays one indexed scan. */
export const MAX_SEARCH_WORDS = 8;

/** Dashes and slashes separate words, as in the indexed text (migration 0088). */
const WORD = /[\p{L}\p{N}@._]+/gu;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export type SearchTerms = { ok: true; words: string[]; tsquery: string } | { ok: false; problem: 'no_search_words' | 'too_many_words' };

export function searchTerms(text: string): SearchTerms {
  const words = [...new Set((text.normalize('NFC').toLowerCase().match(WORD) ?? []).map((w) => w.replace(/^[@._]+|[@._]+$/g, '')).filter((w) => HAS_LETTER_OR_DIGIT.test(w)))];
  if (words.length === 0) return { ok: false, problem: 'no_search_words' };
  if (words.length > MAX_SEARCH_WORDS) return { ok: false, problem: 'too_many_words' };
  return { ok: true, words, tsquery: words.map((w) => `'${w}':*`).join(' & ') };
}
