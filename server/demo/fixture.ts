/**
 * @module
 * Who and what the demo holds: the two managers, their buildings in Ogre and Rīga, apartments,
 * meters and people. DESIGN.md ("The demo, a shared fixture") promises parts of it to tests and
 * examples; the rest makes the portal look lived in. Dates are relative to the moment of seeding,
 * so the demo always has two fresh years of history. seed.ts turns this into rows.
 */
import { ibanWithCheckDigits, personalCode } from './identifiers.ts';
import type { Tariff } from './billing.ts';

/** Every demo account's password. */
export const DEMO_PASSWORD = 'Parole-2026!';

export const DEMO_TENANT = 'demo';
export const DEMO2_TENANT = 'demo2';

export const DEMO_EMAILS = {
  /** Owner of two apartments in `demo`; also a separate account in `demo2`. */
  anna: 'anna@example.lv',
  /** Owner of one apartment in another building of `demo`. */
  peteris: 'peteris@example.lv',
  /** Member of Anna's first apartment with the `invoices` right only. */
  liga: 'liga@example.lv',
  /** Created by the manager with a temporary password: must change it at first login. */
  janis: 'janis@example.lv',
} as const;

/** Anna's first apartment: the one every example starts from. */
export const ANNA_FIRST_PREMISE = { label: 'Malkalnes prospekts 3-111', accountNumber: '12345' } as const;

export const DEMO_ORIGINS = ['http://localhost:8787', 'http://127.0.0.1:8787'] as const;

export const EMAIL_PREFERENCES = { readingReminders: true, invoicesByEmail: false, newNotices: true, managerReplies: true } as const;

export type ReadingWindowRule =
  | { kind: 'month_end'; lastDays: number; nextMonthDays: number }
  | { kind: 'fixed_days'; fromDay: number; toDay: number };

export interface MeterSpec {
  kind: 'cold_water' | 'hot_water';
  location: string;
  serial: string;
  /** Average use, litres a month. */
  averageLitres: number;
  installedMonthsAgo: number;
  verificationDueInDays: number;
}

export interface PremiseSpec {
  key: string;
  building: string;
  label: string;
  accountNumber: string;
  /** Floor area in hundredths of m². */
  areaHundredths: number;
  residents: number;
  customer: { externalRef: string; name: string; personalCode?: string; email?: string; phone?: string };
  meters?: MeterSpec[];
  /** Monthly history; premises without it are neighbours that fill the building. */
  history?: {
    readings: number;
    invoices: number;
    /** Who entered the readings: the owner through the portal, or the manager from paper forms. */
    readingsBy: 'resident' | 'manager';
    /** The oldest readings came from the previous system, before the portal opened. */
    importedReadings: number;
    /** The household was away the most recent month of this number (7 = July): zero use. */
    awayInMonth?: number;
    /** The newest reading of this meter was corrected once in its window (two versions). */
    correctedSerial?: string;
    partlyPaidFromEnd?: number;
    overpaidFromEnd?: number;
  };
}

export interface UserSpec {
  key: string;
  email: string;
  name: string;
  language: 'lv' | 'en' | 'ru';
  personalCode?: string;
  phone?: string;
  /** The premise whose contract holder this user is. */
  customerOf?: string;
  mustChangePassword?: boolean;
  registeredDaysAgo: number;
  grants: Array<{ premise: string; role: 'owner' | 'proxy' | 'member'; rights?: Array<'invoices' | 'readings'>; grantedBy?: string }>;
}

export interface TenantSpec {
  slug: string;
  name: string;
  readingWindow: ReadingWindowRule;
  settings: Record<string, unknown>;
  invoicePrefix: string;
  /** Prices by period; the demo manager raised them on 1 January of the year of seeding. */
  tariffs: (year: number) => Tariff[];
  buildings: Array<{ key: string; address: string; city: string }>;
  premises: PremiseSpec[];
  users: UserSpec[];
}

const anna = { name: 'Anna Bērziņa', personalCode: personalCode('1982-03-14', 123), phone: '+37129123456' };

export const DEMO: TenantSpec = {
  slug: DEMO_TENANT,
  name: 'Demo Namsaimnieks',
  // Ogre's rule: the last two days of the month and the first day of the next.
  readingWindow: { kind: 'month_end', lastDays: 2, nextMonthDays: 1 },
  settings: {
    bank: {
      recipient: 'SIA "Demo Namsaimnieks"',
      iban: ibanWithCheckDigits('LV', 'BANK', '0000435195001'),
      registrationNumber: '40003012345',
      bankName: 'Demo Banka',
    },
    publicUrl: 'http://localhost:8787/',
    colors: { primary: '#1d5e3a' },
    invitationDays: 7,
    plausibilityFactor: 3,
    verificationReminderDays: 60,
  },
  invoicePrefix: 'R',
  tariffs: (year) => [
    { from: `${year - 10}-01`, managementPerM2: 4900, coldWaterPerM3: 24800, hotWaterPerM3: 78500, wastePerResident: 4650, repairFundPerM2: 2000 },
    { from: `${year}-01`, managementPerM2: 5200, coldWaterPerM3: 26400, hotWaterPerM3: 83200, wastePerResident: 4950, repairFundPerM2: 2200 },
  ],
  buildings: [
    { key: 'malkalnes3', address: 'Malkalnes prospekts 3', city: 'Ogre' },
    { key: 'brivibas12', address: 'Brīvības iela 12', city: 'Ogre' },
    { key: 'skolas8', address: 'Skolas iela 8', city: 'Ogre' },
    { key: 'meza9', address: 'Meža prospekts 9', city: 'Ogre' },
  ],
  premises: [
    {
      key: 'anna1',
      building: 'malkalnes3',
      label: ANNA_FIRST_PREMISE.label,
      accountNumber: ANNA_FIRST_PREMISE.accountNumber,
      areaHundredths: 5430,
      residents: 2,
      customer: { externalRef: 'K-10412', name: anna.name, personalCode: anna.personalCode, email: DEMO_EMAILS.anna, phone: anna.phone },
      meters: [
        { kind: 'cold_water', location: 'Vannas istaba', serial: '21458710', averageLitres: 3400, installedMonthsAgo: 34, verificationDueInDays: 1150 },
        // Due within the reminder period, so the widget shows its verification reminder.
        { kind: 'hot_water', location: 'Vannas istaba', serial: '21458711', averageLitres: 1900, installedMonthsAgo: 47, verificationDueInDays: 40 },
      ],
      history: { readings: 24, invoices: 24, readingsBy: 'resident', importedReadings: 6, partlyPaidFromEnd: 3 },
    },
    {
      key: 'anna2',
      building: 'skolas8',
      label: 'Skolas iela 8-24',
      accountNumber: '14502',
      areaHundredths: 3860,
      residents: 1,
      customer: { externalRef: 'K-10412', name: anna.name, personalCode: anna.personalCode, email: DEMO_EMAILS.anna, phone: anna.phone },
      meters: [
        { kind: 'cold_water', location: 'Virtuve', serial: '19330452', averageLitres: 2300, installedMonthsAgo: 41, verificationDueInDays: 1430 },
        { kind: 'hot_water', location: 'Virtuve', serial: '19330453', averageLitres: 1100, installedMonthsAgo: 41, verificationDueInDays: 790 },
      ],
      history: { readings: 24, invoices: 24, readingsBy: 'resident', importedReadings: 6, awayInMonth: 7, partlyPaidFromEnd: 9 },
    },
    {
      key: 'peteris',
      building: 'brivibas12',
      label: 'Brīvības iela 12-7',
      accountNumber: '13218',
      areaHundredths: 6120,
      residents: 3,
      customer: { externalRef: 'K-10877', name: 'Pēteris Kalniņš', personalCode: personalCode('1976-11-02', 245), email: DEMO_EMAILS.peteris, phone: '+37129876543' },
      // Kitchen and bathroom on separate risers, as in many Soviet-era blocks: four meters.
      meters: [
        { kind: 'cold_water', location: 'Virtuve', serial: '20117384', averageLitres: 1600, installedMonthsAgo: 30, verificationDueInDays: 830 },
        { kind: 'hot_water', location: 'Virtuve', serial: '20117385', averageLitres: 900, installedMonthsAgo: 30, verificationDueInDays: 830 },
        { kind: 'cold_water', location: 'Vannas istaba', serial: '20117386', averageLitres: 2600, installedMonthsAgo: 30, verificationDueInDays: 1300 },
        { kind: 'hot_water', location: 'Vannas istaba', serial: '20117387', averageLitres: 1500, installedMonthsAgo: 30, verificationDueInDays: 1300 },
      ],
      history: { readings: 24, invoices: 12, readingsBy: 'resident', importedReadings: 0, correctedSerial: '20117384', overpaidFromEnd: 5 },
    },
    {
      key: 'janis',
      building: 'brivibas12',
      label: 'Brīvības iela 12-15',
      accountNumber: '13226',
      areaHundredths: 4510,
      residents: 1,
      customer: { externalRef: 'K-11205', name: 'Jānis Ozols', personalCode: personalCode('1969-05-09', 412), email: DEMO_EMAILS.janis, phone: '+37126112233' },
      meters: [
        { kind: 'cold_water', location: 'Vannas istaba', serial: '22640918', averageLitres: 2100, installedMonthsAgo: 28, verificationDueInDays: 980 },
        { kind: 'hot_water', location: 'Vannas istaba', serial: '22640919', averageLitres: 1200, installedMonthsAgo: 28, verificationDueInDays: 980 },
      ],
      history: { readings: 12, invoices: 6, readingsBy: 'manager', importedReadings: 0 },
    },
    // Neighbours: contracts without portal accounts, so buildings are not one-apartment houses.
    neighbour('malkalnes3', 'Malkalnes prospekts 3-110', '12344', 5430, 'K-10398', 'Valdis Liepiņš'),
    neighbour('malkalnes3', 'Malkalnes prospekts 3-112', '12346', 4170, 'K-10415', 'Ilze Krūmiņa'),
    neighbour('brivibas12', 'Brīvības iela 12-8', '13219', 6120, 'K-10880', 'Oskars Vītols'),
    neighbour('skolas8', 'Skolas iela 8-23', '14501', 3860, 'K-11031', 'Marija Ivanova'),
    neighbour('meza9', 'Meža prospekts 9-41', '15041', 5020, 'K-11544', 'Sergejs Petrovs'),
    neighbour('meza9', 'Meža prospekts 9-42', '15042', 3390, 'K-11547', 'Inese Kalniņa'),
  ],
  users: [
    {
      key: 'anna',
      email: DEMO_EMAILS.anna,
      ...anna,
      language: 'lv',
      customerOf: 'anna1',
      registeredDaysAgo: 540,
      grants: [
        { premise: 'anna1', role: 'owner' },
        { premise: 'anna2', role: 'owner' },
      ],
    },
    {
      key: 'peteris',
      email: DEMO_EMAILS.peteris,
      name: 'Pēteris Kalniņš',
      language: 'lv',
      personalCode: personalCode('1976-11-02', 245),
      phone: '+37129876543',
      customerOf: 'peteris',
      registeredDaysAgo: 700,
      grants: [{ premise: 'peteris', role: 'owner' }],
    },
    {
      key: 'liga',
      email: DEMO_EMAILS.liga,
      name: 'Līga Bērziņa',
      language: 'lv',
      phone: '+37126654321',
      registeredDaysAgo: 120,
      grants: [{ premise: 'anna1', role: 'member', rights: ['invoices'], grantedBy: 'anna' }],
    },
    {
      key: 'janis',
      email: DEMO_EMAILS.janis,
      name: 'Jānis Ozols',
      language: 'lv',
      personalCode: personalCode('1969-05-09', 412),
      phone: '+37126112233',
      customerOf: 'janis',
      mustChangePassword: true,
      registeredDaysAgo: 3,
      grants: [{ premise: 'janis', role: 'owner' }],
    },
  ],
};

export const DEMO2: TenantSpec = {
  slug: DEMO2_TENANT,
  name: 'Otrs Namsaimnieks',
  // APSE's rule: from the 25th to the 28th of each month.
  readingWindow: { kind: 'fixed_days', fromDay: 25, toDay: 28 },
  settings: {
    bank: {
      recipient: 'SIA "Otrs Namsaimnieks"',
      iban: ibanWithCheckDigits('LV', 'OTRB', '0000728114302'),
      registrationNumber: '40103987654',
      bankName: 'Otrā Banka',
    },
    publicUrl: 'http://localhost:8787/',
    colors: { primary: '#7a2e2e' },
    invitationDays: 7,
    plausibilityFactor: 3,
    verificationReminderDays: 60,
  },
  invoicePrefix: 'ON',
  tariffs: (year) => [
    { from: `${year - 10}-01`, managementPerM2: 5600, coldWaterPerM3: 21900, hotWaterPerM3: 81000, wastePerResident: 5800, repairFundPerM2: 2500 },
  ],
  buildings: [{ key: 'lacplesa87', address: 'Lāčplēša iela 87', city: 'Rīga' }],
  premises: [
    {
      key: 'anna',
      building: 'lacplesa87',
      label: 'Lāčplēša iela 87-14',
      accountNumber: '70014',
      areaHundredths: 4870,
      residents: 1,
      customer: { externalRef: 'ON-2231', name: anna.name, personalCode: anna.personalCode, email: DEMO_EMAILS.anna, phone: anna.phone },
      meters: [
        { kind: 'cold_water', location: 'Vannas istaba', serial: '31207745', averageLitres: 2800, installedMonthsAgo: 20, verificationDueInDays: 1200 },
        { kind: 'hot_water', location: 'Vannas istaba', serial: '31207746', averageLitres: 1400, installedMonthsAgo: 20, verificationDueInDays: 1200 },
      ],
      history: { readings: 12, invoices: 6, readingsBy: 'resident', importedReadings: 0 },
    },
    neighbour('lacplesa87', 'Lāčplēša iela 87-15', '70015', 5210, 'ON-2232', 'Aleksandrs Kozlovs'),
  ],
  users: [
    {
      key: 'anna',
      email: DEMO_EMAILS.anna,
      ...anna,
      language: 'lv',
      customerOf: 'anna',
      registeredDaysAgo: 200,
      grants: [{ premise: 'anna', role: 'owner' }],
    },
  ],
};

function neighbour(building: string, label: string, accountNumber: string, areaHundredths: number, externalRef: string, name: string): PremiseSpec {
  return { key: accountNumber, building, label, accountNumber, areaHundredths, residents: 2, customer: { externalRef, name } };
}
