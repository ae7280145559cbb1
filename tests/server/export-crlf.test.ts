/**
 * The readings CSV export on Postgres is written by COPY, which ends records with LF; the export
 * promises CRLF (RFC 4180). crlfRecords ends each record with CRLF and leaves line breaks inside
 * quoted cells alone, however the bytes are cut into chunks.
 */
import { Buffer } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { crlfRecords } from '../../server/admin/readings/export-format.ts';

const COPY_OUTPUT = 'Q-plain,SN-1,P1,7;1\n"Q,M","SN ""A""\r\nB","Q;P",Ā\n"x\ny",plain,"",\nlast,row,ž,1\n';
const EXPECTED = 'Q-plain,SN-1,P1,7;1\r\n"Q,M","SN ""A""\r\nB","Q;P",Ā\r\n"x\ny",plain,"",\r\nlast,row,ž,1\r\n';

function convert(chunks: Buffer[]): string {
  const crlf = crlfRecords();
  return Buffer.concat(chunks.map((chunk) => crlf(chunk))).toString('utf8');
}

describe('crlfRecords', () => {
  test('ends every record with CRLF and keeps line breaks inside quoted cells', () => {
    const bytes = Buffer.from(COPY_OUTPUT);
    expect(convert([bytes])).toBe(EXPECTED);
    const records = parse(convert([bytes]), { record_delimiter: '\r\n', relax_column_count: true }) as string[][];
    expect(records.map((r) => r[1])).toEqual(['SN-1', 'SN "A"\r\nB', 'plain', 'row']);
  });

  test('the same whatever the chunk boundaries, inside a quoted cell or a UTF-8 character included', () => {
    const bytes = Buffer.from(COPY_OUTPUT);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(convert([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(EXPECTED);
    }
    const byteAtATime = [...bytes].map((byte) => Buffer.from([byte]));
    expect(convert(byteAtATime)).toBe(EXPECTED);
  });

  test('a chunk without quotes takes the fast path and still ends records right', () => {
    expect(convert([Buffer.from('a,b\nc,d\n')])).toBe('a,b\r\nc,d\r\n');
    expect(convert([Buffer.from('')])).toBe('');
  });
});
