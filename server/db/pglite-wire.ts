/**
 * @module
 * Reads what embedded PGlite answers to a protocol message (`execProtocolRaw`): rows, row counts,
 * parameter types, errors. PGlite's own reader copies every field into a new buffer before it
 * decodes it, and its `exec`/`query` wrappers add trips of their own; for the few statements a
 * resident request runs that was a good part of its time. Values are parsed with PGlite's own type
 * parsers (`pg.parsers`), as `query()` does, and errors are PGlite's DatabaseError with the same
 * fields, so nothing above the dialect can tell the difference.
 */
import { messages } from '@electric-sql/pglite';

export interface WireResult {
  rows: Record<string, unknown>[];
  /** Summed over the statements so far, as PGlite counts them. */
  affectedRows: number;
}

export interface WireResponse {
  /** One per completed statement. */
  results: WireResult[];
  /** From a ParameterDescription (Describe of a statement). */
  parameterTypes: number[] | undefined;
}

type Parsers = Record<number | string, ((value: string, type: number) => unknown) | undefined>;

const decoder = new TextDecoder();

const ERROR_FIELDS: Record<string, string> = {
  S: 'severity',
  C: 'code',
  D: 'detail',
  H: 'hint',
  P: 'position',
  p: 'internalPosition',
  q: 'internalQuery',
  W: 'where',
  s: 'schema',
  t: 'table',
  c: 'column',
  d: 'dataType',
  n: 'constraint',
  F: 'file',
  L: 'line',
  R: 'routine',
};

/** Parses every message in `bytes`; throws the first error the server reported. */
export function readResponse(bytes: Uint8Array, parsers: Parsers): WireResponse {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const results: WireResult[] = [];
  let parameterTypes: number[] | undefined;
  let names: string[] = [];
  let types: number[] = [];
  let rows: Record<string, unknown>[] = [];
  let affectedRows = 0;
  let error: Error | undefined;

  const cstring = (at: number): [string, number] => {
    let end = at;
    while (bytes[end] !== 0) end++;
    return [decoder.decode(bytes.subarray(at, end)), end + 1];
  };

  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const code = bytes[offset]!;
    const length = view.getInt32(offset + 1);
    let at = offset + 5;
    const end = offset + 1 + length;
    switch (code) {
      case 0x54: {
        // RowDescription
        const count = view.getInt16(at);
        at += 2;
        names = new Array(count);
        types = new Array(count);
        for (let i = 0; i < count; i++) {
          [names[i], at] = cstring(at);
          types[i] = view.getInt32(at + 6);
          at += 18;
        }
        break;
      }
      case 0x44: {
        // DataRow
        const count = view.getInt16(at);
        at += 2;
        const row: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) {
          const size = view.getInt32(at);
          at += 4;
          if (size < 0) {
            row[names[i]!] = null;
            continue;
          }
          const text = decoder.decode(bytes.subarray(at, at + size));
          at += size;
          const parse = parsers[types[i]!];
          row[names[i]!] = parse ? parse(text, types[i]!) : text;
        }
        rows.push(row);
        break;
      }
      case 0x43: {
        // CommandComplete: "SELECT 2", "UPDATE 3", "INSERT 0 5", "CREATE TABLE"
        const [tag] = cstring(at);
        const space = tag.indexOf(' ');
        const command = space < 0 ? tag : tag.slice(0, space);
        if (command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'COPY' || command === 'MERGE') {
          affectedRows += Number.parseInt(tag.slice(tag.lastIndexOf(' ') + 1), 10) || 0;
        }
        results.push({ rows, affectedRows });
        rows = [];
        names = [];
        types = [];
        break;
      }
      case 0x74: {
        // ParameterDescription
        const count = view.getInt16(at);
        parameterTypes = [];
        for (let i = 0; i < count; i++) parameterTypes.push(view.getInt32(at + 2 + i * 4));
        break;
      }
      case 0x45: {
        // ErrorResponse: the first one is the one that counts
        if (!error) error = databaseError(at, end, length, cstring, bytes);
        break;
      }
      default:
        // ParseComplete, BindComplete, NoData, ReadyForQuery, notices, parameter status: nothing to keep
        break;
    }
    offset = end;
  }
  if (error) throw error;
  return { results, parameterTypes };
}

function databaseError(
  start: number,
  end: number,
  length: number,
  cstring: (at: number) => [string, number],
  bytes: Uint8Array,
): Error {
  const fields: Record<string, string> = {};
  let at = start;
  while (at < end && bytes[at] !== 0) {
    const type = String.fromCharCode(bytes[at]!);
    let value: string;
    [value, at] = cstring(at + 1);
    fields[type] = value;
  }
  const error = new messages.DatabaseError(fields.M ?? 'unknown database error', length, 'error') as unknown as Error & Record<string, unknown>;
  for (const [type, name] of Object.entries(ERROR_FIELDS)) if (fields[type] !== undefined) error[name] = fields[type];
  return error;
}
