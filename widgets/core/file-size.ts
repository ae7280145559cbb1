/**
 * @module
 * File sizes as residents read them next to a download or an upload limit.
 */

/** "12 KB", "1,4 MB" in the reader's language. */
export function formatFileSize(language: string, bytes: number): string {
  const locale = language === 'en' ? 'en-GB' : language;
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'megabyte'] : [Math.max(1, Math.round(bytes / 1024)), 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: unit === 'megabyte' ? 1 : 0 }).format(value);
}
