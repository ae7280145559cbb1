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
 * 2. Runtime: it calls {@link registerMessages} with the Latvian dictionary and a dynamic
 *    `import()` of the English and the Russian one.
 *
 * Only Latvian, the default and the fallback, travels with the code. Another language is fetched
 * the first time an element on the page needs it ({@link loadLanguage}; `DoorstepElement` waits
 * for it before rendering), so a Latvian page carries no English or Russian bytes and a page that
 * switches to Russian fetches the Russian texts of the elements it has, and no others.
 *
 * Latvian is the source of keys; English and Russian must translate every key, each with the plural
 * forms its own language needs (Latvian: zero/one/other, Russian: one/few/many/other).
 */

import { lv as coreLv } from './lv.ts';

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

/** A translation given as is, or a function that fetches it (a dynamic `import()`) when first needed. */
export type TranslationSource<Source extends Dictionary> = Translation<Source> | (() => Promise<Translation<Source>>);

/** The three dictionaries of one part (the core, or one widget). Latvian is always given as is. */
export interface DictionarySet<Source extends Dictionary> {
  lv: Source;
  en: TranslationSource<Source>;
  ru: TranslationSource<Source>;
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

type DictionaryFetch = () => Promise<Dictionary>;

// The core's own namespaces are here from the start, so no import order can leave them missing.
const registered: Record<Language, Record<string, Messages>> = { lv: {}, en: {}, ru: {} };
mergeInto(registered.lv, coreLv);

/** Adds a dictionary's messages, namespace by namespace (the error texts come in two parts). */
function mergeInto(target: Record<string, Messages>, dictionary: Dictionary): void {
  for (const [namespace, messages] of Object.entries(dictionary)) target[namespace] = { ...target[namespace], ...messages };
}
/** Translations registered but not fetched yet, per language. */
const unfetched: Record<Language, DictionaryFetch[]> = {
  lv: [],
  en: [() => import('./en.ts').then((module) => module.en)],
  ru: [() => import('./ru.ts').then((module) => module.ru)],
};
/** The fetches under way, per language. */
const fetching: Partial<Record<Language, Promise<void>>> = {};

/**
 * Adds a part's dictionaries. Registering a namespace again replaces it (two copies of the bundle
 * on one page register identical texts). A translation given as a function is fetched by the next
 * {@link loadLanguage} of its language.
 */
export function registerMessages<Source extends Dictionary>(set: DictionarySet<Source>): void {
  for (const language of languages) {
    const source = set[language];
    if (typeof source === 'function') unfetched[language].push(source as DictionaryFetch);
    else mergeInto(registered[language], source);
  }
}

/** True when every registered dictionary of `language` is here, so {@link translate} needs no fallback. */
export function isLanguageLoaded(language: Language): boolean {
  return unfetched[language].length === 0 && fetching[language] === undefined;
}

/**
 * Fetches every registered dictionary of `language` not fetched yet. Never rejects: a dictionary
 * that cannot be fetched (offline) leaves Latvian texts in its place, and the next call tries it
 * again.
 */
export function loadLanguage(language: Language): Promise<void> {
  languagesInUse.add(language);
  const batch = unfetched[language].splice(0);
  if (batch.length === 0) return fetching[language] ?? Promise.resolve();
  const fetched = Promise.all(
    batch.map((fetch) =>
      fetch().then(
        (dictionary) => void mergeInto(registered[language], dictionary),
        () => void unfetched[language].push(fetch),
      ),
    ),
  );
  const done: Promise<void> = Promise.all([fetching[language], fetched]).then(() => {
    if (fetching[language] === done) delete fetching[language];
  });
  fetching[language] = done;
  return done;
}

/**
 * The texts of the API's error codes (`error.<code>`) are no part of any element's first load: few
 * pages ever show one. They are fetched per language: by the API client before it rejects (so the
 * widget that shows the error has its text), or when a widget is asked for one that is not here
 * yet. Latvian, the fallback, always comes along.
 */
const errorDictionaries: Record<Language, () => Promise<Dictionary>> = {
  lv: () => import('./errors/lv.ts').then((module) => module.lv),
  en: () => import('./errors/en.ts').then((module) => module.en),
  ru: () => import('./errors/ru.ts').then((module) => module.ru),
};
const errorTexts = new Map<Language, Promise<void>>();
const errorTextsHere = new Set<Language>();
/** The languages the page's elements have asked for (Latvian always). */
const languagesInUse = new Set<Language>([defaultLanguage]);

/** True when the error texts of `language` (and of Latvian, the fallback) are here. */
export function hasErrorTexts(language: Language): boolean {
  return errorTextsHere.has(language) && errorTextsHere.has(defaultLanguage);
}

/**
 * Fetches the error texts of `languages` (by default every language the page uses) and of
 * Latvian, each once. Never rejects: offline, the next call tries again.
 */
export function loadErrorTexts(languages: Iterable<Language> = languagesInUse): Promise<void> {
  const wanted = new Set<Language>([defaultLanguage, ...languages]);
  return Promise.all(
    [...wanted].map((language) => {
      let loading = errorTexts.get(language);
      if (!loading) {
        loading = errorDictionaries[language]().then(
          (dictionary) => {
            mergeInto(registered[language], dictionary);
            errorTextsHere.add(language);
          },
          () => void errorTexts.delete(language),
        );
        errorTexts.set(language, loading);
      }
      return loading;
    }),
  ).then(() => undefined);
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

/** A calendar date, `30.05.2026` in Latvian; in `timeZone` (the manager's) when given, else the reader's. */
export function formatDate(language: Language, value: Date, options?: Intl.DateTimeFormatOptions, timeZone?: string): string {
  return new Intl.DateTimeFormat(localeFor(language), {
    timeZone,
    ...(options ?? { day: '2-digit', month: '2-digit', year: 'numeric' }),
  }).format(value);
}

/** A clock time, `14:05`; in `timeZone` (the manager's) when given, else the reader's. */
export function formatTime(language: Language, value: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(localeFor(language), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(value);
}
