/**
 * @module
 * Turns a payload into a QR symbol drawn as one SVG path, with the `qrcode` library doing the
 * encoding. The widget and the PDF both draw the same path, so no SVG markup is ever injected into
 * a page: the widget binds the path to a `d` attribute, and pdf-lib draws it with drawSvgPath.
 *
 * EPC069-12 asks for error correction level M and at most version 13; the payload is encoded as
 * one byte-mode segment holding its UTF-8 bytes, which every banking app reads.
 */
import QRCode from 'qrcode';

export interface QrSymbol {
  /** Width and height in modules, quiet zone included (the SVG viewBox is 0 0 size size). */
  size: number;
  /** Dark modules as an SVG path in module units. */
  path: string;
  version: number;
}

/** The quiet zone the QR standard asks for around the symbol, in modules. */
const QUIET_ZONE = 4;

export function qrSymbol(payload: string): QrSymbol {
  const code = QRCode.create([{ data: new TextEncoder().encode(payload), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const { size, data } = code.modules;
  let path = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      // One rectangle per horizontal run of dark modules keeps the path short.
      const start = col;
      while (col < size && data[row * size + col]) col++;
      path += `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`;
    }
  }
  return { size: size + 2 * QUIET_ZONE, path, version: code.version };
}
