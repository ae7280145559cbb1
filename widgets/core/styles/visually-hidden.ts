/**
 * @module
 * Off screen, still read by screen readers: for what only makes sense heard (a password rule's
 * "(met)", the figures table behind a chart). Shadow roots get it as `.visually-hidden` (with
 * `hostStyles`), light-DOM forms as `.doorstep-visually-hidden` (with `lightFormStyles`); both
 * come from here so they cannot drift apart.
 */
import { css } from 'lit';

export const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
`;
