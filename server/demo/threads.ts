/**
 * @module
 * The demo's conversations with residents ("Saziņa"): a question answered and one closed, dated
 * relative to the moment of seeding, in the Latvian a manager's staff writes.
 */
import type { ThreadSpec } from './content.ts';

const MANAGER_SIGNATURE = 'Ar cieņu,\nInese Liepa\nklientu apkalpošanas speciāliste\nSIA "Demo Namsaimnieks"';

/** `at(days from today, 'HH:MM')` is the moment in the tenant's time zone. */
export function demoThreads(at: (daysFromToday: number, time: string) => Date): ThreadSpec[] {
  return [
    {
      premise: '12345',
      createdBy: 'anna',
      subject: 'Karstā ūdens skaitītāja verificēšana',
      status: 'answered',
      messages: [
        {
          author: 'resident',
          user: 'anna',
          at: at(-6, '20:14'),
          body:
            'Labdien! Portālā redzu atgādinājumu, ka karstā ūdens skaitītājam drīz beidzas verificēšanas termiņš. ' +
            'Vai skaitītāja nomaiņu organizēsiet jūs, vai man pašai jāmeklē meistars? Cik tas maksās?\n\nPaldies!\nAnna Bērziņa',
        },
        {
          author: 'manager',
          at: at(-5, '10:32'),
          body:
            'Labdien, Bērziņas kundze!\n\nSkaitītāju nomaiņu organizē SIA "Demo Namsaimnieks". Saskaņā ar cenrādi nomaiņa maksā ' +
            '24,50 EUR par vienu skaitītāju (ar jaunu verificētu skaitītāju un plombēšanu); summa tiks iekļauta nākamajā rēķinā.\n\n' +
            'Lūdzu, zvaniet pa tālruni 65 012 345 darba dienās no plkst. 8.00 līdz 17.00, lai vienotos par meistara apmeklējuma laiku.\n\n' +
            MANAGER_SIGNATURE,
        },
      ],
    },
    {
      premise: '12345',
      createdBy: 'anna',
      subject: 'Rēķins e-pastā',
      status: 'closed',
      messages: [
        {
          author: 'resident',
          user: 'anna',
          at: at(-64, '08:05'),
          body: 'Labdien! Vai rēķinus var saņemt e-pastā? Papīra rēķins pastkastītē bieži pienāk tikai ap 15. datumu.',
        },
        {
          author: 'manager',
          at: at(-63, '13:47'),
          body:
            'Labdien!\n\nJā, klientu portāla sadaļā „Profils” atzīmējiet „Vēlos saņemt rēķinus uz norādīto e-pastu”. ' +
            'Rēķins e-pastā pienāks katra mēneša 5. datumā.\n\n' +
            MANAGER_SIGNATURE,
        },
        { author: 'resident', user: 'anna', at: at(-63, '18:20'), body: 'Paldies, izdevās!' },
      ],
    },
  ];
}
