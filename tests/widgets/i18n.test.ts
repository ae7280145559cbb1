import '../../widgets/define.ts';
import { en as coreEn } from '../../widgets/core/i18n/en.ts';
import { lv as coreLv } from '../../widgets/core/i18n/lv.ts';
import { ru as coreRu } from '../../widgets/core/i18n/ru.ts';
import { en as errorsEn } from '../../widgets/core/i18n/errors/en.ts';
import { lv as errorsLv } from '../../widgets/core/i18n/errors/lv.ts';
import { ru as errorsRu } from '../../widgets/core/i18n/errors/ru.ts';
import { hasErrorTexts, hasMessage, loadErrorTexts, loadLanguage, translate, type Dictionary } from '../../widgets/core/i18n/messages.ts';
import { resolveLanguage } from '../../widgets/core/language.ts';
import { en as loginEn } from '../../widgets/owner-login/i18n/en.ts';
import { lv as loginLv } from '../../widgets/owner-login/i18n/lv.ts';
import { ru as loginRu } from '../../widgets/owner-login/i18n/ru.ts';
import { en as loginChangeEn } from '../../widgets/owner-login/i18n/change-en.ts';
import { lv as loginChangeLv } from '../../widgets/owner-login/i18n/change-lv.ts';
import { ru as loginChangeRu } from '../../widgets/owner-login/i18n/change-ru.ts';
import { en as passwordEn } from '../../widgets/core/password/i18n/en.ts';
import { lv as passwordLv } from '../../widgets/core/password/i18n/lv.ts';
import { ru as passwordRu } from '../../widgets/core/password/i18n/ru.ts';
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts';
import { mount, resetPage } from './support/fixture.ts';

const PLURAL_FORMS = { lv: ['zero', 'one', 'other'], en: ['one', 'other'], ru: ['one', 'few', 'many', 'other'] } as const;

function keysOf(dictionary: Dictionary): string[] {
  return Object.entries(dictionary).flatMap(([namespace, messages]) => Object.keys(messages).map((key) => `${namespace}.${key}`));
}

describe('i18n', () => {
  // English and Russian are fetched on demand; these tests call `translate` directly.
  before(() => Promise.all([loadLanguage('en'), loadLanguage('ru')]));
  afterEach(resetPage);

  it('has every key of the Latvian dictionaries in English and Russian, with each language’s plural forms', () => {
    const sets = [
      { lv: coreLv, en: coreEn, ru: coreRu },
      { lv: errorsLv, en: errorsEn, ru: errorsRu },
      { lv: loginLv, en: loginEn, ru: loginRu },
      { lv: loginChangeLv, en: loginChangeEn, ru: loginChangeRu },
      { lv: passwordLv, en: passwordEn, ru: passwordRu },
    ];
    for (const set of sets) {
      const keys = keysOf(set.lv).sort();
      assertDeepEqual(keysOf(set.en).sort(), keys, 'English keys');
      assertDeepEqual(keysOf(set.ru).sort(), keys, 'Russian keys');
      for (const language of ['lv', 'en', 'ru'] as const) {
        for (const messages of Object.values(set[language] as Dictionary)) {
          for (const message of Object.values(messages)) {
            if (typeof message === 'string') continue;
            assertDeepEqual(Object.keys(message).sort(), [...PLURAL_FORMS[language]].sort(), `${language} plural forms`);
          }
        }
      }
    }
  });

  it('translates every error code of the auth contract, in all three languages, once its texts are fetched', async () => {
    await loadErrorTexts(['lv', 'en', 'ru']);
    assert(hasErrorTexts('en') && hasErrorTexts('ru'), 'the error texts are here');
    const codes = [
      'validation_failed', 'invalid_credentials', 'locked_out', 'rate_limited', 'invalid_refresh_token',
      'current_password_incorrect', 'password_rejected', 'password_change_required', 'unauthorized',
      'forbidden', 'not_found', 'tenant_not_found', 'internal_error', 'network_error',
    ];
    for (const code of codes) {
      const key = `error.${code}`;
      assert(hasMessage(key), `${key} exists`);
      const texts = (['lv', 'en', 'ru'] as const).map((language) => translate(language, key));
      assertEqual(new Set(texts).size, 3, `${key} differs per language (${texts.join(' | ')})`);
      assert(texts.every((text) => text !== key), `${key} is translated`);
    }
  });

  it('picks plural forms with Intl.PluralRules: Latvian zero/one/other, Russian one/few/many', async () => {
    // The retry texts come with the error texts.
    await loadErrorTexts(['lv', 'en', 'ru']);
    const lv = (count: number) => translate('lv', 'retry.in', { count });
    assertEqual(lv(1), 'Mēģiniet vēlreiz pēc 1 minūtes.', 'lv 1');
    assertEqual(lv(21), 'Mēģiniet vēlreiz pēc 21 minūtes.', 'lv 21');
    assertEqual(lv(10), 'Mēģiniet vēlreiz pēc 10 minūtēm.', 'lv 10 (zero form)');
    assertEqual(lv(3), 'Mēģiniet vēlreiz pēc 3 minūtēm.', 'lv 3');
    const ru = (count: number) => translate('ru', 'retry.in', { count });
    assertEqual(ru(1), 'Попробуйте снова через 1 минуту.', 'ru 1');
    assertEqual(ru(3), 'Попробуйте снова через 3 минуты.', 'ru 3');
    assertEqual(ru(5), 'Попробуйте снова через 5 минут.', 'ru 5');
    assertEqual(ru(22), 'Попробуйте снова через 22 минуты.', 'ru 22');
    assertEqual(translate('en', 'retry.in', { count: 1 }), 'Try again in 1 minute.', 'en 1');
  });

  it('formats numbers and dates through Intl', async () => {
    await loadErrorTexts(['lv']);
    assertEqual(translate('lv', 'password.length', { min: 12, max: 1280 }), 'no 12 līdz 1280 rakstzīmēm', 'lv number');
    assertEqual(translate('en', 'password.length', { min: 12, max: 1280 }), 'have 12 to 1,280 characters', 'en grouping');
    const day = new Date(2026, 4, 30, 14, 5);
    assertEqual(translate('lv', 'retry.on', { date: day, time: '14:05' }), 'Mēģiniet vēlreiz 30.05.2026 pēc plkst. 14:05.', 'lv date');
  });

  it('finds the language: own lang, else the closest ancestor, else the page, else Latvian', () => {
    const container = mount('<section lang="ru-LV"><div><span id="inner"></span><span id="own" lang="en"></span></div></section><p id="plain"></p><p id="odd" lang="de"></p>');
    assertEqual(resolveLanguage(container.querySelector('#inner')!), 'ru', 'ancestor ru-LV');
    assertEqual(resolveLanguage(container.querySelector('#own')!), 'en', 'own lang');
    document.documentElement.lang = 'en';
    assertEqual(resolveLanguage(container.querySelector('#plain')!), 'en', 'page language');
    document.documentElement.removeAttribute('lang');
    assertEqual(resolveLanguage(container.querySelector('#plain')!), 'lv', 'default');
    assertEqual(resolveLanguage(container.querySelector('#odd')!), 'lv', 'unsupported language falls back to Latvian');
  });
});
