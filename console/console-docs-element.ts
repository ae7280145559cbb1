/**
 * @module
 * What the documents and invoices pages share: their texts (namespace `console-docs`, in
 * console/i18n/docs/, registered here so the console's own dictionary stays untouched) and error
 * sentences that look in that namespace first, then the console's, then the widgets'.
 */
import { ApiError } from '../widgets/core/api-error.ts';
import { hasMessage, registerMessages, translate } from '../widgets/core/i18n/messages.ts';
import { ConsoleElement } from './console-element.ts';
import { lv } from './i18n/docs/lv.ts';

registerMessages({ lv, en: () => import('./i18n/docs/en.ts').then((m) => m.en), ru: () => import('./i18n/docs/ru.ts').then((m) => m.ru) });

export class ConsoleDocsElement extends ConsoleElement {
  override errorText(error: unknown): string {
    const code = error instanceof ApiError ? error.code : 'unknown';
    const own = `console-docs.error_${code}`;
    return hasMessage(own) ? translate(this.language, own) : super.errorText(error);
  }

  /** The browser's today, `YYYY-MM-DD`. */
  today(): string {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  }

  money(value: string): string {
    const number = Number(value);
    return Number.isFinite(number) ? new Intl.NumberFormat(this.language, { style: 'currency', currency: 'EUR' }).format(number) : value;
  }
}
