/** @module English texts of `<invitation-accept>`. */
import type { Translation } from '../../core/i18n/messages.ts';
import type { lv } from './lv.ts';

export const en: Translation<typeof lv> = {
  'invitation-accept': {
    heading: 'Invitation',
    offer: '{inviter} has added you as a household user of: {addresses}.',
    rights: 'You will be able to use {rights}.',
    invoices: 'invoices',
    readings: 'meter readings',
    validUntil: 'The invitation is valid until {date}.',
    existing: 'You already have an account with the email {email}. Accepting adds the address to that account; your password stays the same.',
    createIntro: 'Choose a password for {email}. You will log in to the portal with this email and password.',
    name: 'Name and surname',
    newPassword: 'Password',
    repeatPassword: 'Password again',
    passwordsDiffer: 'Both passwords must be the same.',
    accept: 'Accept the invitation',
    create: 'Create the account and accept',
    accepting: 'Working…',
    created: 'Invitation accepted. You are logged in.',
    linked: 'Invitation accepted: the address has been added to your account. Log in with your password.',
    invitation_not_found: 'This invitation link is not valid. The invitation may have been withdrawn or replaced by a newer one.',
    invitation_used: 'This invitation has already been accepted. Log in with your email and password.',
    invitation_expired: 'This invitation has expired. Ask for a new one.',
    invitation_withdrawn: 'The person who invited you can no longer give access to this address.',
    account_disabled: 'This account is disabled. Contact the manager.',
    invitation_conflict: 'The invitation could not be accepted just now. Please try again.',
  },
};
