/**
 * @module
 * The language of an answer that carries words for people (an import's report): the first of
 * Latvian, English and Russian that the request's `Accept-Language` names, by its q-values (a
 * region is ignored: `ru-RU` is Russian), else the fallback — the tenant's default language.
 * The header is read by Hono's own Accept-header parser.
 */
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';

export type Language = 'lv' | 'en' | 'ru';

const LANGUAGES: readonly string[] = ['lv', 'en', 'ru'] satisfies Language[];

export function requestLanguage(c: Context, fallback: Language): Language {
  return accepts(c, {
    header: 'Accept-Language',
    supports: [...LANGUAGES],
    default: fallback,
    match: (ranges, config) => {
      const wanted = ranges.filter((range) => range.q > 0).sort((a, b) => b.q - a.q);
      for (const range of wanted) {
        const primary = range.type.toLowerCase().split('-')[0]!;
        if (config.supports.includes(primary)) return primary;
      }
      return config.default;
    },
  }) as Language;
}
