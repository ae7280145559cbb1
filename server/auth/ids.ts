/**
 * @module
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Rows keyed by it are
 * inserted at the right edge of their primary key's index, where a login's page is the page the
 * previous login wrote, instead of a random page of an index that grows with the table (migration
 * 0092; Postgres 15 has no uuidv7()). The time is the machine's, not the request clock's: it
 * orders storage, it does not decide anything, and a frozen demo clock must not make every id
 * share one millisecond. Ids are not secrets; the random bits only keep them unique.
 */
export function uuidv7(ms = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let t = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
