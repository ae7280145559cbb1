/**
 * @module
 * The translation machinery every widget shares: typed dictionaries, plurals through
 * `Intl.PluralRules`, numbers and dates through `Intl`.
 *
 * Dictionaries are split by *namespace* (`common`, `error`, `owner-login`, `meter-readings`, …) so
 * that each widget ships its own `i18n/lv.ts`, `en.ts`, `ru.ts` and nobody edits a shared file to add
 * a widget. A widget adds its namespace in two steps, both in its own files:
 *
 * 1. Types: its Latvian dictionary augments {@link MessageCatalog}, which makes its keys valid
 *    {@link MessageKey}s and makes the compiler demand every key in `en` and `ru`.
 * 2. Runtime: it calls {@link registerMessages} with the three dictionaries.
 *
 * Latvian is the source of keys; English and Russian must translate every key, each with the plural
 * forms its own language needs (Latvian: zero/one/other, Russian: one/few/many/other).
 */

import { en as coreEn } from './en.ts';
import { lv as coreLv } from './lv.ts';
import { ru as coreRu } from './ru.ts';

export const languages = ['lv', 'en', 'ru'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'lv';

/**
 * Plural forms chosen by the `count` parameter with `Intl.PluralRules`. `other` is required because
 * every language has it and it is the fallback for a category a translation left out.
 */
export type PluralMessage = { readonly [Category in Intl.LDMLPluralRule]?: string } & { readonly other: string };

/** A text with `{param}` holes, or plural forms. */
export type Message = string | PluralMessage;

/** One namespace's messages. */
export type Messages = { readonly [key: string]: Message };

/** A dictionary file: namespaces to messages. */
export type Dictionary = { readonly [namespace: string]: Messages };

/** The shape another language must have to translate the Latvian `Source`: every key, any plural forms. */
export type Translation<Source extends Dictionary> = {
  readonly [NS in keyof Source]: { readonly [Key in keyof Source[NS]]: Message };
};

/** The three dictionaries of one part (the core, or one widget). */
export interface DictionarySet<Source extends Dictionary> {
  lv: Source;
  en: Translation<Source>;
  ru: Translation<Source>;
}

/**
 * Every namespace on the page, mapped to its Latvian messages. Empty here; each dictionary file
 * augments it:
 *
 * ```ts
 * declare module '../../core/i18n/messages.ts' {
 *   interface MessageCatalog extends MeterReadingsMessages {}
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface MessageCatalog {}

/** `namespace.key` for every message in the catalog, e.g. `error.invalid_credentials`. */
export type MessageKey = {
  [NS in keyof MessageCatalog & string]: `${NS}.${keyof MessageCatalog[NS] & string}`;
}[keyof MessageCatalog & string];

/** Parameters of a message. `count` picks the plural form; numbers and dates are formatted by `Intl`. */
export type MessageParams = Readonly<Record<string, string | number | Date>>;

// The core's own namespaces are here from the start, so no import order can leave them missing.
const registered: Record<Language, Record<string, Messages>> = { lv: { ...coreLv }, en: { ...coreEn }, ru: { ...coreRu } };

/**
 * Adds a part's dictionaries. Registering a namespace again replaces it (two copies of the bundle
 * on one page register identical texts).
 */
export function registerMessages<Source extends Dictionary>(set: DictionarySet<Source>): void {
  for (const language of languages) {
    Object.assign(registered[language], set[language]);
  }
}

/** A key outside the typed catalog, e.g. an error code that came from the server. */
export function hasMessage(key: string): key is MessageKey {
  return lookup(defaultLanguage, key) !== undefined;
}

function lookup(language: Language, key: string): Message | undefined {
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  return registered[language][key.slice(0, dot)]?.[key.slice(dot + 1)];
}

/**
 * The `Intl` locale for a language. English uses British conventions (day before month, 24-hour
 * clock), which is what readers in Latvia expect.
 */
export function localeFor(language: Language): string {
  return language === 'en' ? 'en-GB' : language;
}

/** The supported language for any BCP 47 tag (`ru-LV` → `ru`), or undefined. */
export function toLanguage(tag: string | null | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (languages as readonly string[]).includes(primary ?? '') ? (primary as Language) : undefined;
}

const pluralRules = new Map<Language, Intl.PluralRules>();
function pluralCategory(language: Language, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(localeFor(language));
    pluralRules.set(language, rules);
  }
  return rules.select(count);
}

/**
 * The text for `key` in `language`, with `{param}` holes filled. Falls back to Latvian and then to
 * the key itself, so a missing translation shows something rather than nothing.
 */
export function translate(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const message = lookup(language, key) ?? lookup(defaultLanguage, key);
  if (message === undefined) return key;
  let text: string;
  if (typeof message === 'string') {
    text = message;
  } else {
    const count = typeof params['count'] === 'number' ? params['count'] : 0;
    text = message[pluralCategory(language, count)] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (hole, name: string) => {
    const value = params[name];
    if (value === undefined) return hole;
    if (typeof value === 'number') return formatNumber(language, value);
    if (value instanceof Date) return formatDate(language, value);
    return value;
  });
}

export function formatNumber(language: Language, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(localeFor(language), options).format(value);
}

/** A calendar date, `30.05.2026` in Latvian. */
export function formatDate(language: Language, value: Date, options?: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(
    localeFor(language),
    options ?? { day: '2-digit', month: '2-digit', year: 'numeric' },
  ).format(value);
}

/** A clock time in the reader's time zone, `14:05`. */
export function formatTime(language: Language, value: Date): string {
  return new Intl.DateTimeFormat(localeFor(language), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    value,
  );
}
