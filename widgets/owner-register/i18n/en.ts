/** @module English texts of `<owner-register>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const en: Translation<typeof lv> = {
  'owner-register': {
    strongHeading: 'Register with your internet bank, eParaksts or Smart-ID',
    strongText: 'The quickest way: no invoice details needed. We match your personal code against the manager’s list of customers.',
    strongRegister: 'Register with {name}',
    introOr: 'Or register with the details of an invoice. The apartment owner who holds the contract can register: enter the details of one of the last three invoices.',
    registeredStrong: 'You are registered and logged in!',
    heading: 'Register',
    intro: 'The apartment owner who holds the contract can register. To show that it is you, enter the details of one of your last three invoices.',
    proofLegend: 'From your invoice',
    accountNumber: 'Account number',
    accountNumberHint: 'Printed at the top of the invoice.',
    invoiceNumber: 'Invoice number',
    invoiceTotal: 'Invoice total, EUR',
    invoiceTotalHint: '“Total to pay”, for example 45.67.',
    invalidTotal: 'Enter an amount, for example 45.67.',
    loginLegend: 'Your login',
    email: 'Email',
    password: 'Password',
    repeatPassword: 'Password again',
    passwordsDiffer: 'The two passwords must be the same.',
    acceptTerms: 'I accept the terms of use',
    acceptTermsPrefix: 'I accept the ',
    terms: 'terms of use',
    mustAccept: 'To register, accept the terms of use.',
    invoicesByEmail: 'I want to receive invoices at this email address',
    submit: 'Register',
    submitting: 'Registering…',
    sent: 'A registration confirmation has been sent to your email address!',
    sentHint: 'Open the email and follow the link (valid for 24 hours). If you cannot see it, check your spam folder too.',
    confirming: 'Confirming your registration…',
    registered: 'You are registered!',
    registeredHint: 'You can now log in with your email and password.',
  },
};
