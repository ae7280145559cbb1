/**
 * The compressed copies of what the server sends under `/widgets/`, made once at build time:
 * brotli at quality 11, and gzip made by zopfli (`@gfx/zopfli`, Google's zopfli compiled to
 * WebAssembly). Zopfli writes ordinary gzip that every browser reads, only searched harder: on the
 * widget chunks 2–3 % smaller than zlib's level 9 (`<owner-login>` with Lit and the core, first
 * load: 12,505 → 12,178 bytes), for a few seconds of build time. Browsers over plain
 * http (and some proxies) get gzip, not brotli, so the gzip copy is the one that counts there.
 */
import { gzipAsync } from '@gfx/zopfli';
import { brotliCompressSync, constants } from 'node:zlib';

/** Five rounds: the default fifteen gave one byte more off `<owner-login>`'s first load (12,178 → 12,177) for twice the time. */
const ZOPFLI = { numiterations: 5 };

export async function gzipBest(bytes) {
  return Buffer.from(await gzipAsync(bytes, ZOPFLI));
}

export function brotliBest(bytes) {
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
}
