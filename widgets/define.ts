/**
 * @module
 * `@doorstep/widgets/define`: registers every Doorstep element under its usual tag name. Each
 * element also has its own (`@doorstep/widgets/meter-readings/define`), and the served
 * `doorstep.js` loads those one by one as their tags appear (loader.ts).
 */
import './core/define-config.ts';
import './address-switcher/define.ts';
import './household-users/define.ts';
import './invitation-accept/define.ts';
import './invoice-list/define.ts';
import './owner-login/define.ts';
import './owner-profile/define.ts';
import './owner-register/define.ts';
import './password-reset/define.ts';
import './notice-feed/define.ts';
import './house-documents/define.ts';
import './manager-contact/define.ts';
import './meter-readings/define.ts';
import './consumption-history/define.ts';

export * from './index.ts';
