// Invoice figures: drawing one invoice PDF (the demo seed draws one per seeded invoice), building
// the EPC payload and QR symbol, and the invoice routes on the built server with the demo data.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, measure, startBuiltServer } from './support.mjs';

// The renderer is TypeScript; bundle it (dependencies stay in node_modules) to call it directly.
const out = path.join(process.cwd(), 'server', 'dist', 'invoices-bench.mjs');
await build({
  stdin: {
    contents: `export { renderInvoicePdf } from './server/invoices/invoice-pdf.ts';
      export { paymentDetailsFor } from './server/invoices/payment-details.ts';`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const { renderInvoicePdf, paymentDetailsFor } = await import(pathToFileURL(out).href);

const settings = { bank: { recipient: 'SIA "Demo Namsaimnieks"', iban: 'LV80BANK0000435195001', registrationNumber: '40003012345', bankName: 'Demo Banka' } };
const lines = ['Apsaimniekošana', 'Aukstais ūdens', 'Karstais ūdens', 'Atkritumu izvešana', 'Remontdarbu uzkrājumi'].map((service, i) => ({
  service, quantity: String(10 + i), unit: 'm³', unitPrice: '1.2345', sum: (12.35 * (i + 1)).toFixed(2),
}));
const data = (n) => ({
  manager: { name: 'SIA "Demo Namsaimnieks"', registrationNumber: '40003012345', bankName: 'Demo Banka', iban: 'LV80BANK0000435195001' },
  payer: { name: 'Anna Bērziņa', premise: 'Malkalnes prospekts 3-111', accountNumber: '12345' },
  invoice: { number: `R-2026-${String(n).padStart(6, '0')}`, issueDate: '2026-05-05', period: '2026-04', dueDate: '2026-05-25', amount: '185.25', balanceCarried: '0.00', totalDue: '185.25', lines },
  payment: paymentDetailsFor(settings, { number: `R-2026-${n}`, amountToPay: '185.25' }),
});

let t = performance.now();
const first = await renderInvoicePdf(data(0));
const firstMs = performance.now() - t;
const rounds = 20;
t = performance.now();
let bytes = 0;
for (let i = 1; i <= rounds; i++) bytes += (await renderInvoicePdf(data(i))).length;
console.log(`invoice PDF: first ${firstMs.toFixed(0)} ms (fonts parsed once), then ${((performance.now() - t) / rounds).toFixed(1)} ms each, ${(bytes / rounds / 1024).toFixed(1)} KiB each (first ${(first.length / 1024).toFixed(1)} KiB)`);

t = performance.now();
for (let i = 0; i < 200; i++) paymentDetailsFor(settings, { number: `R-2026-${i}`, amountToPay: `${i + 1}.50` });
console.log(`EPC payload + QR symbol: ${((performance.now() - t) / 200).toFixed(2)} ms each`);
rmSync(out, { force: true });

const server = await startBuiltServer();
const tokens = await fetch(`${server.url}/v1/demo/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'anna@example.lv', password: 'Parole-2026!' }),
}).then((r) => r.json());
const auth = { authorization: `Bearer ${tokens.accessToken}` };
const me = await fetch(`${server.url}/v1/demo/me`, { headers: auth }).then((r) => r.json());
const base = `${server.url}/v1/demo/premises/${me.premises[0].id}/invoices`;
const page = await fetch(`${base}?limit=10`, { headers: auth }).then((r) => r.json());
const newest = page.invoices[0].id;
const get = (url) => () => fetch(url, { headers: auth }).then((r) => r.arrayBuffer());
console.log(`GET invoices?limit=10:         ${fmt(await measure(get(`${base}?limit=10`), { count: 300, concurrency: 4 }))}`);
console.log(`GET invoices?limit=10&before=: ${fmt(await measure(get(`${base}?limit=10&before=${page.nextCursor}`), { count: 300, concurrency: 4 }))}`);
console.log(`GET invoice (lines, QR):       ${fmt(await measure(get(`${base}/${newest}`), { count: 300, concurrency: 4 }))}`);
console.log(`GET invoice PDF:               ${fmt(await measure(get(`${base}/${newest}/pdf`), { count: 300, concurrency: 4 }))}`);
await server.stop();
