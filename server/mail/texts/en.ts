/** English email texts. */
import { meterName, premiseLines, verificationLines } from './reminder-lines.ts';
import type { MailTexts } from './types.ts';

export const en: MailTexts = {
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  registerConfirm: ({ tenant }) => ({
    subject: `Confirm your registration – ${tenant}`,
    heading: 'Confirm your registration',
    paragraphs: [
      `You are receiving this email because a new account was registered with this address on the ${tenant} resident portal.`,
      'To confirm the registration, press the button below. The link is valid for 24 hours and can be used once.',
    ],
    action: 'Confirm registration',
    footer: 'If you did not register, simply ignore this email.',
  }),
  alreadyRegistered: ({ tenant }) => ({
    subject: `You already have an account – ${tenant}`,
    heading: 'You already have an account',
    paragraphs: [
      `Someone (probably you) tried to register on the ${tenant} resident portal with this email address, but it already has an account.`,
      'If you do not remember your password, choose “Forgot your password?” on the login form.',
    ],
    action: 'Open the resident portal',
    footer: 'If this was not you, ignore this email – nothing has changed in your account.',
  }),
  passwordReset: ({ tenant }) => ({
    subject: `Reset your password – ${tenant}`,
    heading: 'Reset your password',
    paragraphs: [
      `We received a request to reset the password of your ${tenant} resident portal account.`,
      'To choose a new password, press the button below. The link is valid for 30 minutes and can be used once.',
    ],
    action: 'Choose a new password',
    footer: 'If you did not ask for this, ignore this email – your password stays as it is.',
  }),
  passwordChanged: ({ tenant }) => ({
    subject: `Your password was changed – ${tenant}`,
    heading: 'Your password was changed',
    paragraphs: [
      `The password of your ${tenant} resident portal account was just changed, and you were logged out on every device.`,
      `If this was not you, reset your password at once and contact ${tenant}.`,
    ],
    action: 'Open the resident portal',
  }),
  emailChangeConfirm: ({ tenant }) => ({
    subject: `Confirm your new email address – ${tenant}`,
    heading: 'Confirm your new email address',
    paragraphs: [
      `On the ${tenant} resident portal, a change of the login email address to this address was requested.`,
      'The address changes only once you confirm it. The link is valid for 24 hours and can be used once.',
    ],
    action: 'Confirm the email address',
    footer: 'If you did not ask for this, ignore this email.',
  }),
  emailChangeNotice: ({ tenant, newEmail }) => ({
    subject: `Email address change requested – ${tenant}`,
    heading: 'Email address change requested',
    paragraphs: [
      `A change of the login email address of your ${tenant} resident portal account to ${newEmail} was requested.`,
      'The address changes only when the change is confirmed from the new address.',
      `If this was not you, change your password and contact ${tenant}.`,
    ],
  }),
  windowOpens: ({ tenant, firstDay, lastDay, premises }) => ({
    subject: `Meter readings can be submitted from ${firstDay} to ${lastDay} – ${tenant}`,
    heading: 'Meter readings can be submitted',
    paragraphs: [`Meter readings can be submitted from ${firstDay} to ${lastDay}. Still expected:`, ...premiseLines(premises, en.meterKinds)],
    action: 'Submit readings',
  }),
  windowLastDay: ({ tenant, lastDay, premises }) => ({
    subject: `Today (${lastDay}) is the last day to submit meter readings – ${tenant}`,
    heading: 'Last day to submit meter readings',
    paragraphs: [`Today, ${lastDay}, is the last day to submit meter readings. Still expected:`, ...premiseLines(premises, en.meterKinds)],
    action: 'Submit readings',
  }),
  readingReceipt: ({ tenant, premise, meter, period, value, unit, receivedAt, corrected }) => ({
    subject: `${corrected ? 'Corrected reading received' : 'Reading received'}: ${premise} – ${tenant}`,
    heading: corrected ? 'Corrected reading received' : 'Reading received',
    paragraphs: [
      `On ${receivedAt} we received your ${corrected ? 'corrected ' : ''}reading for ${period}.`,
      `${premise}: ${meterName(meter, en.meterKinds)} – ${value} ${unit}.`,
      'You can still correct it until the reading window closes.',
    ],
    action: 'View readings',
  }),
  verificationDue: ({ tenant, meters }) => ({
    subject: `Meter verification due soon – ${tenant}`,
    heading: 'Meter verification due soon',
    paragraphs: [
      'These meters are due for verification soon:',
      ...verificationLines(meters, en.meterKinds),
      `After that date the meter's readings can no longer be submitted. Please arrange the replacement or verification with ${tenant} in time.`,
    ],
    action: 'View meters',
  }),
  newInvoice: ({ tenant, number, period, premise, amountToPay, dueDate, payment }) => ({
    subject: `Invoice ${number} for ${period} – ${tenant}`,
    heading: `Invoice for ${period}`,
    paragraphs: [
      `${premise}: invoice ${number}, ${amountToPay} EUR to pay by ${dueDate}. The invoice is attached (PDF).`,
      ...(payment ? [`Pay to: ${payment.recipient}, account ${payment.iban}, payment reference: ${payment.reference}.`] : []),
    ],
    action: 'Open invoices',
  }),
  meterKinds: { cold_water: 'Cold water', hot_water: 'Hot water', heat: 'Heat', electricity: 'Electricity', gas: 'Gas' },
  subscription: ({ tenant, category }) => ({
    footer: `You are receiving this email because you chose to receive ${en.categories[category]} on the ${tenant} resident portal.`,
    unsubscribe: 'Unsubscribe from these emails',
  }),
  categories: {
    readingReminders: 'meter reading reminders',
    readingReceipts: 'confirmations of submitted readings',
    invoicesByEmail: 'invoices by email',
    newNotices: 'new notices',
    managerReplies: 'replies from the manager',
  },
};
