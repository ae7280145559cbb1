/** @module Registers `<notice-feed>`. Import the class from `./notice-feed.ts` to use another tag name. */
import { NoticeFeed } from './notice-feed.ts';

if (!customElements.get('notice-feed')) customElements.define('notice-feed', NoticeFeed);

declare global {
  interface HTMLElementTagNameMap {
    'notice-feed': NoticeFeed;
  }
}
