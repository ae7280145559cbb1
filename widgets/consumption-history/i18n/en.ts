/** @module English texts of `<consumption-history>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const en: Translation<typeof lv> = {
  'consumption-history': {
    title: 'Consumption history',
    loginFirst: 'Log in to the client portal to see your consumption history.',
    noPremise: 'No address is linked to your account yet.',
    noMeters: 'No meters are registered at this address.',
    noRight: 'Your rights at this address do not include meter readings.',
    noReadings: 'There are no readings for this time yet.',
    retry: 'Try again',
    kind_cold_water: 'Cold water',
    kind_hot_water: 'Hot water',
    kind_heat: 'Heating',
    kind_electricity: 'Electricity',
    kind_gas: 'Gas',
    caption: '{kind} · {location}, meter no. {serial}',
    summary: 'Monthly consumption from {from} to {to}: on average {average} {unit} a month, at most {max} {unit} ({maxMonth}).',
    bar: '{month}: {value} {unit}',
    showTable: 'Show as a table',
    hideTable: 'Hide the table',
    month: 'Month',
    reading: 'Reading',
    consumption: 'Consumption, {unit}',
    missing: 'no reading',
    overMonths: { one: '(over {count} month)', other: '(over {count} months)' },
  },
};
