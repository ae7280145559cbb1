/** @module English texts of `<house-documents>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const en = {
  'house-documents': {
    heading: 'Building documents',
    filter: 'Category',
    allCategories: 'All categories',
    category_estimate: 'Cost estimates',
    category_report: 'Income and expense reports',
    category_repair_plan: 'Planned repair estimates',
    category_meeting_protocol: 'General meeting minutes',
    category_other: 'Other documents',
    withCount: '{name} ({count})',
    period_year: '{year}',
    period_quarter: 'Q{part} {year}',
    period_month: '{month} {year}',
    download: 'Download',
    locked: 'Available after a secure login',
    strongHeading: 'Some documents open only after a secure login',
    strongText:
      'General meeting minutes and other documents with personal data open only when you have logged in with your internet bank, eParaksts (eParaksts mobile or an eID card) or Smart-ID. Log out and log in again with one of these.',
    empty: 'There are no documents for this building yet.',
    forbidden: 'The building’s documents are shown to the owner and authorised persons of the apartment.',
    loginFirst: 'Log in to see the building’s documents.',
    noAddress: 'No addresses are linked to your account yet.',
    strongTextHere: 'General meeting minutes and other documents with personal data open only after a secure login. Log in with one of these, and the documents open right here.',
    openLocked: 'Open',
    strongLogin: 'Log in with {name}',
    strong_auth_required: 'This document opens only after logging in with your internet bank, eParaksts or Smart-ID.',
  },
} as const satisfies Translation<typeof lv>;
