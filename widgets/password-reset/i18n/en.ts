/** @module English texts of `<password-reset>` and the account error codes. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const en: Translation<typeof lv> = {
  'password-reset': {
    requestHeading: 'Reset your password',
    requestIntro: 'Enter the email address you log in with. We will send you a link to choose a new password.',
    email: 'Email',
    send: 'Send the link',
    sending: 'Sending…',
    back: 'Back',
    sent: 'If this email address is registered, a link to reset the password has been sent to it. The link is valid for 30 minutes.',
    resetHeading: 'Choose a new password',
    newPassword: 'New password',
    repeatPassword: 'New password again',
    submit: 'Save the new password',
    submitting: 'Saving…',
    passwordsDiffer: 'The two passwords must be the same.',
    done: 'Your password has been changed. You can now log in with the new password.',
    requestNew: 'Ask for a new link',
  },
  'account-errors': {
    token_invalid: 'This link is not valid. Make sure you opened the whole link from the email, or ask for a new one.',
    token_wrong_purpose: 'This link is meant for something else.',
    token_used: 'This link has already been used.',
    token_expired: 'This link has expired. Please ask for a new one.',
    email_taken: 'An account with this email address already exists.',
    registration_proof_invalid: 'The account number, invoice number or total does not match any of the last three invoices.',
    email_too_long: 'The email address is too long.',
    email_unsupported_characters: 'Before the @, an email address may only contain Latin letters, digits and . _ - +.',
  },
};
