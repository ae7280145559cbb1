/**
 * @module
 * `@doorstep/widgets/notice-feed`: `<notice-feed>`'s class and the events it fires,
 * without registering the tag.
 * Import `@doorstep/widgets/notice-feed/define` to register it as `<notice-feed>`.
 */
export { NoticeFeed } from './notice-feed.ts';
export { DoorstepNoticeOpenEvent, DoorstepNoticeReadEvent } from './events.ts';
