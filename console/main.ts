/**
 * @module
 * The console's entry: registers its elements. Built into console/dist/console.js
 * (console/build.mjs) and served by Doorstep under /console/_/ (server/http/console-files.ts).
 */
import { ConsoleDocuments } from './console-documents.ts';
import { ConsoleInbox } from './console-inbox.ts';
import { ConsoleInvoices } from './console-invoices.ts';
import { ConsoleLogin } from './console-login.ts';
import { ConsoleNotices } from './console-notices.ts';
import { ConsolePassword } from './console-password.ts';
import { ConsoleReadings } from './console-readings.ts';
import { ConsoleResidents } from './console-residents.ts';
import { ConsoleSettings } from './console-settings.ts';
import { ConsoleStaff } from './console-staff.ts';
import { DoorstepConsole } from './doorstep-console.ts';

const elements: Array<[string, CustomElementConstructor]> = [
  ['doorstep-console', DoorstepConsole],
  ['console-login', ConsoleLogin],
  ['console-inbox', ConsoleInbox],
  ['console-notices', ConsoleNotices],
  ['console-documents', ConsoleDocuments],
  ['console-invoices', ConsoleInvoices],
  ['console-readings', ConsoleReadings],
  ['console-residents', ConsoleResidents],
  ['console-staff', ConsoleStaff],
  ['console-settings', ConsoleSettings],
  ['console-password', ConsolePassword],
];
for (const [name, element] of elements) if (!customElements.get(name)) customElements.define(name, element);
