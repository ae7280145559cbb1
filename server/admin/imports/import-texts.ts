/**
 * @module
 * Every text an import says, in Latvian, English and Russian: the message beside each row error's
 * stable code, the one-line summary of the report, and the few words the CLI prints around it
 * (the CLI imports this module too, so there is one place for them). The codes never change with
 * the language; the words do. The language is the request's (`Accept-Language`, see
 * server/http/language.ts), the tenant's default when the request names none of the three.
 *
 * Summaries are written as "label: number" so that no plural forms are needed.
 */
import type { Language } from '../../mail/layout.ts';

export type ImportTextLanguage = Language;

interface SummaryCounts {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
}

interface ImportTexts {
  messages: Record<string, string>;
  /** For a code this table does not know (never expected, but never an empty message). */
  fallback: string;
  /** The report in one line: what happened and the counts. */
  summary(report: SummaryCounts): string;
  /** The 422 answer's message: the file was refused. */
  rejected(errorCount: number): string;
  /** The CLI's table header (row, column, code, message) and its "more errors" line. */
  columns: readonly [string, string, string, string];
  more(hidden: number): string;
}

const en: ImportTexts = {
  messages: {
    required: 'This column must have a value.',
    too_long: 'The value is too long.',
    invalid_ref: 'A reference is 1–100 letters, digits or . _ : / -',
    invalid_decimal: 'Not a number (a dot or a comma before the decimals), or too many decimals.',
    out_of_range: 'The number is out of range.',
    invalid_integer: 'Not a whole number.',
    invalid_date: 'Not a date (YYYY-MM-DD or DD.MM.YYYY).',
    invalid_timestamp: 'Not a time (2026-05-30T18:40:00+03:00, or 2026-05-30 18:40 in the manager’s time zone).',
    invalid_period: 'Not a period (YYYY-MM).',
    invalid_value: 'Not one of the allowed values.',
    invalid_email: 'Not an email address.',
    invalid_personal_code: 'Not a Latvian personal code (DDMMYY-NNNNN, or a new code starting with 32).',
    malformed_row: 'The row could not be read (a quote left open, a cell past the header, or not a JSON object).',
    duplicate_column: 'The column appears twice.',
    unknown_column: 'The file has a column this import does not know.',
    missing_column: 'The file lacks a column this import needs.',
    empty_file: 'The file has no rows.',
    duplicate_in_file: 'The same thing appears twice in the file.',
    conflicting_values: 'An earlier row of the file gives this thing other values.',
    account_number_taken: 'Another premise already has this account number.',
    unknown_meter: 'No meter has this reference.',
    unknown_premise: 'No premise has this reference.',
    period_in_future: 'The period has not begun yet.',
    in_future: 'The time is in the future.',
    below_initial_value: 'The value is below the meter’s initial value.',
    value_below_previous: 'The value is below the previous period’s reading of this meter.',
    value_above_next: 'The value is above the next period’s reading already stored for this meter.',
    after_meter_removal: 'The meter had been removed by then.',
    before_meter_installation: 'The meter had not been installed yet.',
    due_before_issue: 'The due date is before the issue date.',
    conflict: 'The change conflicts with data already stored.',
  },
  fallback: 'The value is not valid.',
  summary: (r) =>
    `${r.errorCount > 0 ? 'Refused, nothing was written' : r.dryRun ? 'Checked (dry run), nothing was written' : 'Imported'}. ` +
    `Rows: ${r.rows}; created: ${r.created}, updated: ${r.updated}, unchanged: ${r.unchanged}; errors: ${r.errorCount}.`,
  rejected: (count) => `Errors in the file: ${count}. Nothing was imported.`,
  columns: ['row', 'column', 'code', 'message'],
  more: (hidden) => `More errors not shown: ${hidden} (--json lists them all).`,
};

const lv: ImportTexts = {
  messages: {
    required: 'Šajā kolonnā jābūt vērtībai.',
    too_long: 'Vērtība ir par garu.',
    invalid_ref: 'Identifikators ir 1–100 burti, cipari vai . _ : / -',
    invalid_decimal: 'Nav skaitlis (pirms decimāldaļas punkts vai komats) vai ir par daudz zīmju aiz komata.',
    out_of_range: 'Skaitlis ir ārpus pieļaujamām robežām.',
    invalid_integer: 'Nav vesels skaitlis.',
    invalid_date: 'Nav datums (GGGG-MM-DD vai DD.MM.GGGG).',
    invalid_timestamp: 'Nav laiks (2026-05-30T18:40:00+03:00 vai 2026-05-30 18:40 pārvaldnieka laika joslā).',
    invalid_period: 'Nav periods (GGGG-MM).',
    invalid_value: 'Nav neviena no atļautajām vērtībām.',
    invalid_email: 'Nav e-pasta adrese.',
    invalid_personal_code: 'Nav Latvijas personas kods (DDMMGG-NNNNN vai jaunais kods, kas sākas ar 32).',
    malformed_row: 'Rindu nevarēja nolasīt (neaizvērtas pēdiņas, šūna aiz virsraksta kolonnām vai nav JSON objekts).',
    duplicate_column: 'Kolonna ir divreiz.',
    unknown_column: 'Failā ir kolonna, ko šis imports nepazīst.',
    missing_column: 'Failā trūkst kolonnas, kas šim importam vajadzīga.',
    empty_file: 'Failā nav nevienas rindas.',
    duplicate_in_file: 'Failā tas pats ir divreiz.',
    conflicting_values: 'Kāda iepriekšēja faila rinda šim pašam norāda citas vērtības.',
    account_number_taken: 'Šis līguma numurs jau ir citām telpām.',
    unknown_meter: 'Nav skaitītāja ar šādu identifikatoru.',
    unknown_premise: 'Nav telpu ar šādu identifikatoru.',
    period_in_future: 'Periods vēl nav sācies.',
    in_future: 'Laiks ir nākotnē.',
    below_initial_value: 'Vērtība ir mazāka par skaitītāja sākuma rādījumu.',
    value_below_previous: 'Vērtība ir mazāka par šī skaitītāja iepriekšējā perioda rādījumu.',
    value_above_next: 'Vērtība ir lielāka par šī skaitītāja nākamā perioda jau saglabāto rādījumu.',
    after_meter_removal: 'Skaitītājs tobrīd jau bija noņemts.',
    before_meter_installation: 'Skaitītājs tobrīd vēl nebija uzstādīts.',
    due_before_issue: 'Apmaksas termiņš ir pirms izrakstīšanas datuma.',
    conflict: 'Izmaiņas ir pretrunā ar jau saglabātajiem datiem.',
  },
  fallback: 'Vērtība nav derīga.',
  summary: (r) =>
    `${r.errorCount > 0 ? 'Noraidīts, nekas netika ierakstīts' : r.dryRun ? 'Pārbaudīts (izmēģinājums), nekas netika ierakstīts' : 'Importēts'}. ` +
    `Rindas: ${r.rows}; izveidoti: ${r.created}, mainīti: ${r.updated}, nemainīti: ${r.unchanged}; kļūdas: ${r.errorCount}.`,
  rejected: (count) => `Kļūdas failā: ${count}. Nekas netika importēts.`,
  columns: ['rinda', 'kolonna', 'kods', 'paziņojums'],
  more: (hidden) => `Vēl neparādītas kļūdas: ${hidden} (--json parāda visas).`,
};

const ru: ImportTexts = {
  messages: {
    required: 'В этом столбце должно быть значение.',
    too_long: 'Значение слишком длинное.',
    invalid_ref: 'Идентификатор — это 1–100 букв, цифр или . _ : / -',
    invalid_decimal: 'Не число (перед дробной частью точка или запятая) или слишком много знаков после запятой.',
    out_of_range: 'Число вне допустимых пределов.',
    invalid_integer: 'Не целое число.',
    invalid_date: 'Не дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ).',
    invalid_timestamp: 'Не время (2026-05-30T18:40:00+03:00 или 2026-05-30 18:40 в часовом поясе управляющего).',
    invalid_period: 'Не период (ГГГГ-ММ).',
    invalid_value: 'Не одно из допустимых значений.',
    invalid_email: 'Не адрес электронной почты.',
    invalid_personal_code: 'Не латвийский персональный код (ДДММГГ-NNNNN или новый код, начинающийся с 32).',
    malformed_row: 'Строку не удалось прочитать (незакрытая кавычка, ячейка за пределами заголовка или не объект JSON).',
    duplicate_column: 'Столбец встречается дважды.',
    unknown_column: 'В файле есть столбец, который этот импорт не знает.',
    missing_column: 'В файле нет столбца, нужного этому импорту.',
    empty_file: 'В файле нет ни одной строки.',
    duplicate_in_file: 'Одно и то же встречается в файле дважды.',
    conflicting_values: 'Одна из предыдущих строк файла даёт для этого другие значения.',
    account_number_taken: 'Этот номер договора уже есть у другого помещения.',
    unknown_meter: 'Нет счётчика с таким идентификатором.',
    unknown_premise: 'Нет помещения с таким идентификатором.',
    period_in_future: 'Период ещё не начался.',
    in_future: 'Время в будущем.',
    below_initial_value: 'Значение меньше начального показания счётчика.',
    value_below_previous: 'Значение меньше показания этого счётчика за предыдущий период.',
    value_above_next: 'Значение больше уже сохранённого показания этого счётчика за следующий период.',
    after_meter_removal: 'Счётчик к тому времени уже был снят.',
    before_meter_installation: 'Счётчик к тому времени ещё не был установлен.',
    due_before_issue: 'Срок оплаты раньше даты выставления счёта.',
    conflict: 'Изменение противоречит уже сохранённым данным.',
  },
  fallback: 'Значение недействительно.',
  summary: (r) =>
    `${r.errorCount > 0 ? 'Отклонено, ничего не записано' : r.dryRun ? 'Проверено (пробный запуск), ничего не записано' : 'Импортировано'}. ` +
    `Строк: ${r.rows}; создано: ${r.created}, изменено: ${r.updated}, без изменений: ${r.unchanged}; ошибок: ${r.errorCount}.`,
  rejected: (count) => `Ошибок в файле: ${count}. Ничего не импортировано.`,
  columns: ['строка', 'столбец', 'код', 'сообщение'],
  more: (hidden) => `Ещё не показано ошибок: ${hidden} (--json покажет все).`,
};

export const IMPORT_TEXTS: Record<Language, ImportTexts> = { lv, en, ru };

export const importMessage = (code: string, language: Language): string => IMPORT_TEXTS[language].messages[code] ?? IMPORT_TEXTS[language].fallback;
