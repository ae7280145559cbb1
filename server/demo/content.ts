/**
 * @module
 * What the demo managers have published: notices, the buildings' documents ("Mājas lieta") and
 * conversations with residents ("Saziņa"), in the Latvian that real managers write. Everything
 * is dated relative to the moment of seeding, so the urgent water-outage notice is always current,
 * one notice has always expired and the meeting protocol is always recent.
 */
import { addDays, localTime } from './calendar.ts';
import { DEMO, type TenantSpec } from './fixture.ts';
import type { PdfDocument } from './pdf.ts';
import { demoThreads } from './threads.ts';

export interface FileSpec {
  fileName: string;
  pdf: PdfDocument;
}

export interface NoticeSpec {
  title: string;
  body: string;
  kind: 'normal' | 'urgent';
  audience: 'tenant' | 'buildings' | 'premises';
  /** Building keys or premise keys (by account number), matching the audience. */
  targets?: string[];
  publishAt: Date;
  expiresAt?: Date;
  readBy?: Array<{ user: string; at: Date }>;
  attachments?: FileSpec[];
  /** The manager's Russian (or English) version, shown to residents who read in that language. */
  translations?: { ru?: { title: string; body: string }; en?: { title: string; body: string } };
}

export interface DocumentSpec {
  building: string;
  category: 'estimate' | 'report' | 'repair_plan' | 'meeting_protocol' | 'other';
  title: string;
  date: string;
  period?: string;
  requiresStrongAuth?: boolean;
  file: FileSpec;
}

export interface ThreadSpec {
  premise: string;
  createdBy: string;
  subject: string;
  status: 'open' | 'answered' | 'closed';
  messages: Array<{ author: 'resident' | 'manager'; user?: string; body: string; at: Date }>;
}

export interface TenantContent {
  notices: NoticeSpec[];
  documents: DocumentSpec[];
  threads: ThreadSpec[];
}

const MONTHS_LOCATIVE = ['janvārī', 'februārī', 'martā', 'aprīlī', 'maijā', 'jūnijā', 'jūlijā', 'augustā', 'septembrī', 'oktobrī', 'novembrī', 'decembrī'];

/** '2026-06-02' → '2026. gada 2. jūnijā', as a date is written in running Latvian text. */
function onDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}. gada ${day}. ${MONTHS_LOCATIVE[month! - 1]}`;
}

/** '2026-06-02' → '02.06.2026.' */
function numericDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}.`;
}

const MALKALNES = { building: 'malkalnes3', address: 'Malkalnes prospekts 3', city: 'Ogre' };

const MANAGER_FOOTER = 'SIA "Demo Namsaimnieks", reģ. Nr. 40003012345, Rīgas iela 21, Ogre, LV-5001, tālr. 65 012 345';

export function demoContent(today: string, timeZone: string): TenantContent {
  const at = (daysFromToday: number, time: string) => localTime(addDays(today, daysFromToday), time, timeZone);
  const year = Number(today.slice(0, 4));
  // The yearly report for a year is published at the end of March of the next.
  const reportYear = Number(addDays(today, -100).slice(0, 4)) - 1;
  const hotMeter = DEMO.premises.find((p) => p.key === 'anna1')!.meters!.find((m) => m.kind === 'hot_water')!;
  const hotMeterDue = addDays(today, hotMeter.verificationDueInDays);
  const outageDay = addDays(today, 1);
  const repairsFrom = addDays(today, 7);
  const repairsTo = addDays(today, 28);
  const meetingDate = addDays(today, -75);

  const notices: NoticeSpec[] = [
    {
      title: 'Ūdens piegādes pārtraukums',
      body:
        `${onDate(outageDay)} no plkst. 9.00 līdz 15.00 Malkalnes prospektā 3 sakarā ar avārijas remontdarbiem ` +
        'ūdensvada stāvvadā būs pārtraukta aukstā un karstā ūdens piegāde.\n\n' +
        'Lūdzam laikus sagatavot nepieciešamo ūdens daudzumu un pārliecināties, ka ūdens krāni ir aizgriezti. ' +
        'Atvainojamies par sagādātajām neērtībām!\n\nAvārijas dienests: 20 012 345 (visu diennakti).',
      kind: 'urgent',
      audience: 'buildings',
      targets: ['malkalnes3'],
      // Published the evening before, so that it is out at any hour of the demo's first day (the
      // widget tests run at night too).
      publishAt: at(-1, '17:45'),
      expiresAt: at(1, '18:00'),
      translations: {
        ru: {
          title: 'Перерыв в подаче воды',
          body:
            `${onDate(outageDay)} с 9.00 до 15.00 на проспекте Малкалнес, 3 в связи с аварийным ремонтом стояка ` +
            'водопровода будет прекращена подача холодной и горячей воды.\n\n' +
            'Просим заранее запастись необходимым количеством воды и убедиться, что водопроводные краны закрыты. ' +
            'Приносим извинения за неудобства!\n\nАварийная служба: 20 012 345 (круглосуточно).',
        },
      },
    },
    {
      title: 'Karstā ūdens skaitītāja verificēšanas termiņš',
      body:
        `Jūsu dzīvoklī uzstādītā karstā ūdens skaitītāja Nr. ${hotMeter.serial} verificēšanas termiņš beidzas ${onDate(hotMeterDue)}. ` +
        'Lūdzam sazināties ar mums pa tālruni 65 012 345 vai klientu portāla sadaļā „Saziņa”, lai vienotos par skaitītāja nomaiņas laiku. ' +
        'Pēc termiņa beigām skaitītāja rādījumus nevarēsim pieņemt, un patēriņu aprēķināsim pēc normas.',
      kind: 'normal',
      audience: 'premises',
      targets: ['12345'],
      publishAt: at(-3, '10:00'),
    },
    {
      title: 'Kāpņu telpu kosmētiskais remonts',
      body:
        `Saskaņā ar dzīvokļu īpašnieku kopsapulces lēmumu Malkalnes prospektā 3 no ${numericDate(repairsFrom)} līdz ${numericDate(repairsTo)} ` +
        'notiks kāpņu telpu kosmētiskais remonts. Darbus darba dienās no plkst. 8.00 līdz 17.00 veiks SIA „Demo Būve”.\n\n' +
        'Lūdzam šajā laikā neatstāt kāpņu telpās velosipēdus, ratiņus un citas mantas. Remontdarbu grafiks pa kāpņu telpām pievienots pielikumā.',
      kind: 'normal',
      audience: 'buildings',
      targets: ['malkalnes3'],
      publishAt: at(-12, '09:30'),
      attachments: [
        {
          fileName: 'Remontdarbu grafiks - Malkalnes prospekts 3.pdf',
          pdf: {
            issuer: 'SIA "Demo Namsaimnieks"',
            title: 'Kāpņu telpu kosmētiskā remonta grafiks, Malkalnes prospekts 3',
            date: addDays(today, -12),
            paragraphs: [
              `1. kāpņu telpa (dzīvokļi 1–36): ${numericDate(repairsFrom)} – ${numericDate(addDays(repairsFrom, 6))}`,
              `2. kāpņu telpa (dzīvokļi 37–72): ${numericDate(addDays(repairsFrom, 7))} – ${numericDate(addDays(repairsFrom, 13))}`,
              `3. kāpņu telpa (dzīvokļi 73–120): ${numericDate(addDays(repairsFrom, 14))} – ${numericDate(repairsTo)}`,
              '',
              'Darbu laikā kāpņu telpās tiks gruntētas un krāsotas sienas un griesti, nomainīti apgaismojuma ķermeņi un krāsotas margas. ' +
                'Krāsošanas dienās lūdzam kāpņu telpā vēdināt logus neaizvērt.',
              '',
              'Darbu veicējs: SIA „Demo Būve”, atbildīgais darbu vadītājs Māris Zariņš, tālr. 26 000 111.',
            ],
            footer: MANAGER_FOOTER,
          },
        },
      ],
    },
    {
      title: 'Ūdens skaitītāju rādījumu nodošana',
      body:
        'Atgādinām, ka ūdens skaitītāju rādījumus klientu portālā var nodot katra mēneša divās pēdējās kalendārajās dienās ' +
        'un nākamā mēneša pirmajā kalendārajā dienā.\n\n' +
        'Rādījumā norādiet melnos ciparus (kubikmetri) un pirmos trīs sarkanos ciparus (litri). ' +
        'Ja rādījums netiek nodots, patēriņu aprēķinām pēc vidējā patēriņa iepriekšējos trīs mēnešos.',
      kind: 'normal',
      audience: 'tenant',
      publishAt: at(-30, '09:00'),
    },
    {
      title: 'Pagraba telpu deratizācija',
      body:
        `${onDate(addDays(today, 4))} Brīvības ielā 12 pagraba telpās tiks veikta deratizācija. ` +
        'Lūdzam nodrošināt piekļuvi savām pagraba telpām un neļaut mājdzīvniekiem tur uzturēties vismaz divas nedēļas pēc apstrādes.',
      kind: 'normal',
      audience: 'buildings',
      targets: ['brivibas12'],
      publishAt: at(-8, '11:00'),
    },
    {
      title: 'Rēķinus var saņemt e-pastā',
      body:
        'Klientu portāla lietotāji var pieteikties rēķinu saņemšanai e-pastā. Atveriet sadaļu „Profils” un atzīmējiet ' +
        '„Vēlos saņemt rēķinus uz norādīto e-pastu”. Rēķins e-pastā pienāks katra mēneša 5. datumā, tajā pašā dienā, kad tiek sagatavots papīra rēķins.',
      kind: 'normal',
      audience: 'tenant',
      publishAt: at(-60, '10:00'),
      readBy: [{ user: 'anna', at: at(-58, '19:42') }],
    },
    {
      title: 'Klientu apkalpošanas centrs slēgts',
      body:
        `${onDate(addDays(today, -180))} klientu apkalpošanas centrs Rīgas ielā 21 būs slēgts. ` +
        'Rādījumus varat nodot klientu portālā, bet avārijas gadījumā zvaniet avārijas dienestam pa tālruni 20 012 345.',
      kind: 'normal',
      audience: 'tenant',
      publishAt: at(-185, '09:00'),
      expiresAt: at(-179, '00:00'),
    },
    {
      // Scheduled: not visible to anyone until it is published.
      title: 'Dzīvokļu īpašnieku kopsapulce',
      body:
        `Aicinām Skolas ielas 8 dzīvokļu īpašniekus uz kopsapulci ${onDate(addDays(today, 17))} plkst. 18.30 ` +
        'mājas pagalmā. Darba kārtībā: jumta seguma nomaiņa un remontdarbu uzkrājumu maksas palielināšana.',
      kind: 'normal',
      audience: 'buildings',
      targets: ['skolas8'],
      publishAt: at(3, '09:00'),
    },
  ];

  const documents: DocumentSpec[] = [
    estimate(MALKALNES, year, `${year - 1}-11-20`, 5200, 5430),
    estimate(MALKALNES, year - 1, `${year - 2}-11-21`, 4900, 5430),
    report('malkalnes3', 'Malkalnes prospekts 3', reportYear),
    {
      building: 'malkalnes3',
      category: 'meeting_protocol',
      title: `Dzīvokļu īpašnieku kopsapulces protokols Nr. 2/${meetingDate.slice(0, 4)}`,
      date: meetingDate,
      // Names and votes of owners: only after a bank, eParaksts or Smart-ID login, as at Ogre.
      requiresStrongAuth: true,
      file: {
        fileName: `Kopsapulces protokols ${numericDate(meetingDate).slice(0, -1)}.pdf`,
        pdf: {
          issuer: 'Malkalnes prospekta 3 dzīvokļu īpašnieku kopsapulce',
          title: `Dzīvokļu īpašnieku kopsapulces protokols Nr. 2/${meetingDate.slice(0, 4)}`,
          date: meetingDate,
          paragraphs: [
            'Sapulces vieta: Malkalnes prospekts 3, Ogre, 1. kāpņu telpas vestibils. Sapulce sākas plkst. 18.30.',
            'Sapulcē piedalās 74 no 120 dzīvokļu īpašniekiem, kuriem pieder 62,4 % no dzīvokļu īpašumiem; kvorums ir.',
            'Sapulces vadītāja: Anna Bērziņa (dz. 111). Protokolē: Inese Liepa, SIA "Demo Namsaimnieks".',
            '',
            '1. Par kāpņu telpu kosmētisko remontu. Nolēma: veikt visu trīs kāpņu telpu kosmētisko remontu par 18 640,00 EUR, ' +
              'finansējot no remontdarbu uzkrājumiem. Par – 61, pret – 8, atturas – 5.',
            '2. Par remontdarbu uzkrājumu maksu. Nolēma: no nākamā gada 1. janvāra noteikt maksu 0,22 EUR/m² mēnesī. ' +
              'Par – 52, pret – 15, atturas – 7.',
            '3. Par pagalma apgaismojumu. Nolēma: uzdot pārvaldniekam sagatavot tāmi nākamajai sapulcei.',
            '',
            'Sapulce slēgta plkst. 19.55.',
          ],
          footer: 'Protokola oriģināls glabājas mājas lietā SIA "Demo Namsaimnieks" birojā, Rīgas ielā 21, Ogrē.',
        },
      },
    },
    {
      building: 'malkalnes3',
      category: 'repair_plan',
      title: 'Kāpņu telpu kosmētiskā remonta darbu plāns',
      date: addDays(today, -20),
      period: String(year),
      file: {
        fileName: 'Kapnu telpu remonta plans - Malkalnes prospekts 3.pdf',
        pdf: {
          issuer: 'SIA "Demo Namsaimnieks"',
          title: 'Kāpņu telpu kosmētiskā remonta darbu plāns, Malkalnes prospekts 3',
          date: addDays(today, -20),
          paragraphs: [
            'Pamats: dzīvokļu īpašnieku kopsapulces lēmums (protokols Nr. 2).',
            'Darbu apjoms: sienu un griestu gruntēšana un krāsošana (2 140 m²), margu krāsošana (312 m), ' +
              'apgaismojuma ķermeņu nomaiņa pret LED ar kustības sensoriem (36 gab.).',
            'Līgumcena: 18 640,00 EUR ar PVN. Finansējums: remontdarbu uzkrājumi.',
            `Plānotais izpildes laiks: ${numericDate(repairsFrom)} – ${numericDate(repairsTo)}`,
          ],
          footer: MANAGER_FOOTER,
        },
      },
    },
    estimate({ building: 'skolas8', address: 'Skolas iela 8', city: 'Ogre' }, year, `${year - 1}-11-24`, 5200, 3860),
    report('skolas8', 'Skolas iela 8', reportYear),
    estimate({ building: 'brivibas12', address: 'Brīvības iela 12', city: 'Ogre' }, year, `${year - 1}-11-18`, 5200, 6120),
  ];

  const threads = demoThreads(at);

  return { notices, documents, threads };
}

export function demo2Content(today: string, timeZone: string): TenantContent {
  const at = (daysFromToday: number, time: string) => localTime(addDays(today, daysFromToday), time, timeZone);
  const year = Number(today.slice(0, 4));
  return {
    notices: [
      {
        title: 'Rādījumu nodošana no 25. līdz 28. datumam',
        body: 'Ūdens skaitītāju rādījumus klientu portālā var nodot katru mēnesi no 25. līdz 28. datumam.',
        kind: 'normal',
        audience: 'tenant',
        publishAt: at(-20, '09:00'),
      },
    ],
    documents: [estimate({ building: 'lacplesa87', address: 'Lāčplēša iela 87', city: 'Rīga' }, year, `${year - 1}-11-27`, 5600, 4870, 'SIA "Otrs Namsaimnieks"')],
    threads: [],
  };
}

/**
 * The yearly maintenance estimate ("tāme"): what the monthly charge per m² is made of. `perM2` is
 * the total in ten-thousandths of a euro, matching the tariff billed that year.
 */
function estimate(place: { building: string; address: string; city: string }, year: number, date: string, perM2: number, exampleArea: number, issuer = 'SIA "Demo Namsaimnieks"'): DocumentSpec {
  const shares: Array<[string, number]> = [
    ['Mājas pārvaldīšana', 0.29],
    ['Sanitārā apkope (kāpņu telpu un teritorijas uzkopšana)', 0.31],
    ['Tehniskā apkope un kārtējie remonti', 0.27],
    ['Avārijas dienests', 0.07],
  ];
  const rows = shares.map(([name, share]): [string, number] => [name, Math.round((perM2 * share) / 100) * 100]);
  rows.push(['Koplietošanas elektroenerģija', perM2 - rows.reduce((sum, [, value]) => sum + value, 0)]);
  const euro = (value: number) => `${Math.floor(value / 10_000)},${String(value % 10_000).padStart(4, '0')}`;
  const monthly = Math.round((exampleArea * perM2) / 10_000);
  return {
    building: place.building,
    category: 'estimate',
    title: `Mājas apsaimniekošanas izdevumu tāme ${year}. gadam`,
    date,
    period: String(year),
    file: {
      fileName: `Tame ${year} - ${place.address}.pdf`,
      pdf: {
        issuer,
        title: `${place.address}, ${place.city}: apsaimniekošanas izdevumu tāme ${year}. gadam`,
        date,
        paragraphs: [
          ...rows.map(([name, value]) => `${name}: ${euro(value)} EUR/m² mēnesī`),
          '',
          `Kopā: ${euro(perM2)} EUR/m² mēnesī. Dzīvoklim ar platību ${(exampleArea / 100).toFixed(2).replace('.', ',')} m² – ` +
            `${Math.floor(monthly / 100)},${String(monthly % 100).padStart(2, '0')} EUR mēnesī.`,
          '',
          'Tāme sagatavota saskaņā ar Dzīvojamo māju pārvaldīšanas likumu. Iebildumus var iesniegt 30 dienu laikā no tāmes saņemšanas.',
        ],
        footer: issuer === 'SIA "Demo Namsaimnieks"' ? MANAGER_FOOTER : issuer,
      },
    },
  };
}

/** The yearly report on how the building was managed and what the money went on. */
function report(building: string, address: string, year: number): DocumentSpec {
  const date = `${year + 1}-03-31`;
  return {
    building,
    category: 'report',
    title: `Pārskats par mājas pārvaldīšanu ${year}. gadā`,
    date,
    period: String(year),
    file: {
      fileName: `Parskats ${year} - ${address}.pdf`,
      pdf: {
        issuer: 'SIA "Demo Namsaimnieks"',
        title: `${address}, Ogre: pārskats par mājas pārvaldīšanu ${year}. gadā`,
        date,
        paragraphs: [
          `Ieņēmumi no apsaimniekošanas maksas: 41 286,40 EUR. Izdevumi: 39 904,12 EUR.`,
          'Lielākie darbi: jumta notekcauruļu nomaiņa (3 420,00 EUR), pagraba durvju nomaiņa (1 180,00 EUR), ' +
            'ūdensvada stāvvada avārijas remonts (960,00 EUR).',
          `Remontdarbu uzkrājumu atlikums ${year}. gada 31. decembrī: 27 515,63 EUR.`,
          'Parādnieku kopējais parāds: 2 317,85 EUR (7 dzīvokļi).',
        ],
        footer: MANAGER_FOOTER,
      },
    },
  };
}
