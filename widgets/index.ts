/**
 * @module
 * `@doorstep/widgets`: the element classes and the shared core, without registering any tag.
 * Import `@doorstep/widgets/define` to register them all under their usual names.
 */
export { ApiClient, type AccessTokenSource, type ApiClientOptions, type RequestOptions } from './core/api-client.ts';
export { ApiError, type ErrorFields, type KnownErrorCode } from './core/api-error.ts';
export { DoorstepElement } from './core/base-element.ts';
export { DoorstepConfig } from './core/config-element.ts';
export { resolveConfig, type DoorstepConfigValues } from './core/config.ts';
export { DoorstepAddressChangeEvent } from './core/events/doorstep-address-change.ts';
export { DoorstepLoginEvent } from './core/events/doorstep-login.ts';
export { DoorstepLogoutEvent } from './core/events/doorstep-logout.ts';
export * from './core/i18n/messages.ts';
export { resolveLanguage } from './core/language.ts';
export * from './core/password-rules.ts';
export * from './core/session-store.ts';
export { AddressSwitcher } from './address-switcher/address-switcher.ts';
export { HouseholdUsers } from './household-users/household-users.ts';
export { DoorstepMembersChangeEvent, type MembersChange } from './household-users/doorstep-members-change.ts';
export { InvitationAccept } from './invitation-accept/invitation-accept.ts';
export { DoorstepInvitationAcceptEvent, type InvitationOutcome } from './invitation-accept/doorstep-invitation-accept.ts';
export { DoorstepInvoiceDownloadEvent } from './invoice-list/doorstep-invoice-download.ts';
export { InvoiceList } from './invoice-list/invoice-list.ts';
export { OwnerLogin } from './owner-login/owner-login.ts';
export { OwnerProfile } from './owner-profile/owner-profile.ts';
export { DoorstepProfileChangeEvent } from './owner-profile/doorstep-profile-change.ts';
export { OwnerRegister } from './owner-register/owner-register.ts';
export { DoorstepRegisteredEvent } from './owner-register/doorstep-registered.ts';
export { PasswordReset } from './password-reset/password-reset.ts';
export { DoorstepForgotPasswordEvent, DoorstepPasswordResetEvent } from './password-reset/doorstep-forgot-password.ts';
export { NoticeFeed } from './notice-feed/notice-feed.ts';
export { DoorstepNoticeOpenEvent, DoorstepNoticeReadEvent } from './notice-feed/events.ts';
export { HouseDocuments } from './house-documents/house-documents.ts';
export { ManagerContact } from './manager-contact/manager-contact.ts';
export { DoorstepThreadCreateEvent, DoorstepMessageSendEvent } from './manager-contact/events.ts';
export { MeterReadings } from './meter-readings/meter-readings.ts';
export { DoorstepReadingSubmitEvent } from './meter-readings/doorstep-reading-submit.ts';
export { ConsumptionHistory } from './consumption-history/consumption-history.ts';
