/** Latvian email texts; the wording follows what residents know from WebNams portals. */
import { meterName, premiseLines, verificationLines } from './reminder-lines.ts';
import type { MailTexts } from './types.ts';

export const lv: MailTexts = {
  greeting: (name) => (name ? `Labdien, ${name}!` : 'Labdien!'),
  registerConfirm: ({ tenant }) => ({
    subject: `Reģistrācijas apstiprinājums – ${tenant}`,
    heading: 'Apstipriniet reģistrāciju',
    paragraphs: [
      `Jūs saņēmāt šo vēstuli, jo ar šo e-pasta adresi tika reģistrēts jauns konts ${tenant} klientu portālā.`,
      'Lai apstiprinātu reģistrāciju, spiediet uz pogas zemāk. Saite ir derīga 24 stundas, un to var izmantot vienu reizi.',
    ],
    action: 'Apstiprināt reģistrāciju',
    footer: 'Ja Jūs neesat veicis šādu reģistrāciju, tad ignorējiet šo e-vēstuli.',
  }),
  alreadyRegistered: ({ tenant }) => ({
    subject: `Jums jau ir konts – ${tenant}`,
    heading: 'Jums jau ir konts',
    paragraphs: [
      `Kāds (iespējams, Jūs) mēģināja reģistrēties ${tenant} klientu portālā ar šo e-pasta adresi, bet tai jau ir konts.`,
      'Ja neatceraties paroli, pieteikšanās logā izvēlieties “Aizmirsi paroli?”.',
    ],
    action: 'Atvērt klientu portālu',
    footer: 'Ja tas nebijāt Jūs, ignorējiet šo e-vēstuli – Jūsu kontā nekas nav mainīts.',
  }),
  passwordReset: ({ tenant }) => ({
    subject: `Paroles atjaunošana – ${tenant}`,
    heading: 'Paroles atjaunošana',
    paragraphs: [
      `Saņēmām pieprasījumu atjaunot Jūsu ${tenant} klientu portāla paroli.`,
      'Lai izvēlētos jaunu paroli, spiediet uz pogas zemāk. Saite ir derīga 30 minūtes, un to var izmantot vienu reizi.',
    ],
    action: 'Izvēlēties jaunu paroli',
    footer: 'Ja paroles atjaunošanu nepieprasījāt, ignorējiet šo e-vēstuli – parole paliks līdzšinējā.',
  }),
  passwordChanged: ({ tenant }) => ({
    subject: `Jūsu parole tika nomainīta – ${tenant}`,
    heading: 'Jūsu parole tika nomainīta',
    paragraphs: [
      `Jūsu ${tenant} klientu portāla parole tikko tika nomainīta, un visās ierīcēs Jūs tikāt izrakstīts.`,
      `Ja to neizdarījāt Jūs, nekavējoties atjaunojiet paroli un sazinieties ar ${tenant}.`,
    ],
    action: 'Atvērt klientu portālu',
  }),
  emailChangeConfirm: ({ tenant }) => ({
    subject: `Apstipriniet jauno e-pasta adresi – ${tenant}`,
    heading: 'Apstipriniet jauno e-pasta adresi',
    paragraphs: [
      `${tenant} klientu portālā tika pieprasīts pieteikšanās e-pasta adresi mainīt uz šo adresi.`,
      'Adrese tiks nomainīta tikai pēc apstiprināšanas. Saite ir derīga 24 stundas, un to var izmantot vienu reizi.',
    ],
    action: 'Apstiprināt e-pasta adresi',
    footer: 'Ja to nepieprasījāt Jūs, ignorējiet šo e-vēstuli.',
  }),
  emailChangeNotice: ({ tenant, newEmail }) => ({
    subject: `Pieprasīta e-pasta adreses maiņa – ${tenant}`,
    heading: 'Pieprasīta e-pasta adreses maiņa',
    paragraphs: [
      `Jūsu ${tenant} klientu portāla kontam pieprasīta pieteikšanās e-pasta adreses maiņa uz ${newEmail}.`,
      'Adrese tiks nomainīta tikai tad, kad maiņu apstiprinās no jaunās adreses.',
      `Ja to neizdarījāt Jūs, nomainiet paroli un sazinieties ar ${tenant}.`,
    ],
  }),
  windowOpens: ({ tenant, firstDay, lastDay, premises }) => ({
    subject: `Rādījumus var nodot no ${firstDay} līdz ${lastDay} – ${tenant}`,
    heading: 'Var nodot skaitītāju rādījumus',
    paragraphs: [`Rādījumus var nodot no ${firstDay} līdz ${lastDay}. Vēl gaidām:`, ...premiseLines(premises, lv.meterKinds)],
    action: 'Nodot rādījumus',
  }),
  windowLastDay: ({ tenant, lastDay, premises }) => ({
    subject: `Šodien (${lastDay}) pēdējā diena rādījumu nodošanai – ${tenant}`,
    heading: 'Pēdējā diena rādījumu nodošanai',
    paragraphs: [`Šodien, ${lastDay}, ir pēdējā diena, kad var nodot skaitītāju rādījumus. Vēl gaidām:`, ...premiseLines(premises, lv.meterKinds)],
    action: 'Nodot rādījumus',
  }),
  readingReceipt: ({ tenant, premise, meter, period, value, unit, receivedAt, corrected }) => ({
    subject: `${corrected ? 'Labotais rādījums saņemts' : 'Rādījums saņemts'}: ${premise} – ${tenant}`,
    heading: corrected ? 'Labotais rādījums saņemts' : 'Rādījums saņemts',
    paragraphs: [
      `${receivedAt} saņēmām ${corrected ? 'laboto ' : ''}rādījumu par ${period}.`,
      `${premise}: ${meterName(meter, lv.meterKinds)} – ${value} ${unit}.`,
      'Līdz rādījumu nodošanas beigām to vēl var labot.',
    ],
    action: 'Skatīt rādījumus',
  }),
  verificationDue: ({ tenant, meters }) => ({
    subject: `Tuvojas skaitītāju verificēšanas termiņš – ${tenant}`,
    heading: 'Tuvojas skaitītāju verificēšanas termiņš',
    paragraphs: [
      'Šiem skaitītājiem tuvojas verificēšanas termiņš:',
      ...verificationLines(meters, lv.meterKinds),
      `Pēc termiņa skaitītāja rādījumus vairs nevarēs nodot. Lūdzam laikus pieteikt skaitītāja nomaiņu vai verificēšanu pie ${tenant}.`,
    ],
    action: 'Skatīt skaitītājus',
  }),
  newInvoice: ({ tenant, number, period, premise, amountToPay, dueDate, payment }) => ({
    subject: `Rēķins ${number} par ${period} – ${tenant}`,
    heading: `Rēķins par ${period}`,
    paragraphs: [
      `${premise}: rēķins ${number}, apmaksājams ${amountToPay} EUR līdz ${dueDate}. Rēķins pielikumā (PDF).`,
      ...(payment ? [`Maksājuma saņēmējs: ${payment.recipient}, konts ${payment.iban}, maksājuma mērķis: ${payment.reference}.`] : []),
    ],
    action: 'Atvērt rēķinus',
  }),
  meterKinds: { cold_water: 'Aukstais ūdens', hot_water: 'Karstais ūdens', heat: 'Siltums', electricity: 'Elektrība', gas: 'Gāze' },
  subscription: ({ tenant, category }) => ({
    footer: `Jūs saņēmāt šo vēstuli, jo ${tenant} klientu portālā esat izvēlējies saņemt: ${lv.categories[category]}.`,
    unsubscribe: 'Atteikties no šīm vēstulēm',
  }),
  categories: {
    readingReminders: 'atgādinājumus par skaitītāju rādījumu nodošanu',
    readingReceipts: 'rādījumu saņemšanas apstiprinājumus',
    invoicesByEmail: 'rēķinus e-pastā',
    newNotices: 'jaunos paziņojumus',
    managerReplies: 'apsaimniekotāja atbildes',
  },
};
