/**
 * @module
 * Registers the texts of the console's notices, readings and inbox additions (issue #14); the
 * sections import this once. Latvian is bundled, English and Russian are fetched when first needed.
 */
import { registerMessages } from '../../../widgets/core/i18n/messages.ts';
import { lv } from './lv.ts';

registerMessages({ lv, en: () => import('./en.ts').then((m) => m.en), ru: () => import('./ru.ts').then((m) => m.ru) });
