/**
 * @module
 * The column types of the Kysely table types (types.ts and its feature files): how each kind of
 * Postgres column reads, inserts and updates.
 */
import type { ColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** `date` columns travel as 'YYYY-MM-DD' strings (see the type parsers in database.ts). */
export type DateString = ColumnType<string, string, string>;
export type NullableDateString = ColumnType<string | null, string | null | undefined, string | null>;
export type Numeric = ColumnType<string, string | number, string | number>;
export type NumericDefault = ColumnType<string, string | number | undefined, string | number>;
export type Json<T = Record<string, unknown>> = ColumnType<T, string | T | undefined, string | T>;
export type TextArray = ColumnType<string[], string[] | undefined, string[]>;
