/**
 * @module
 * Does an answer match what the document promises? The status must be documented for the
 * operation, the content type must be one documented for that status, and a JSON body must
 * validate against the documented schema.
 *
 * It checks the *document* (what a manager's developer generates a client from), not the zod
 * schemas behind it, so a schema that the generator renders wrongly (a nullable `$ref` that came
 * out as `allOf`, which no `null` can satisfy) fails here even though zod accepts the answer.
 *
 * A small validator for the JSON Schema 2020-12 keywords that zod-to-openapi emits; unknown
 * keywords are ignored, unknown `format`s pass.
 */
import type { JsonSchema, OpenApiDocument, Operation } from './operations.ts';

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function schemaErrors(doc: OpenApiDocument, schema: JsonSchema | boolean | undefined, value: unknown, at = '$'): string[] {
  if (schema === undefined || schema === true) return [];
  if (schema === false) return [`${at}: no value is allowed here`];
  if (typeof schema.$ref === 'string') {
    const target = doc.components?.schemas?.[schema.$ref.split('/').pop()!];
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return schemaErrors(doc, target, value, at);
  }
  const errors: string[] = [];
  const sub = (s: unknown, v: unknown, p: string) => schemaErrors(doc, s as JsonSchema, v, p);
  for (const part of (schema.allOf as JsonSchema[] | undefined) ?? []) errors.push(...sub(part, value, at));
  const anyOf = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (anyOf && !anyOf.some((part) => sub(part, value, at).length === 0)) {
    errors.push(`${at}: matches none of ${anyOf.length} alternatives (${anyOf.map((part) => sub(part, value, at)[0]).join(' / ')})`);
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const ok = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!ok) return [...errors, `${at}: ${JSON.stringify(value)?.slice(0, 60)} is ${actual}, the document says ${types.join(' | ')}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${at}: is not ${JSON.stringify(schema.const)}`);
  if (actual === 'string') {
    const text = value as string;
    const length = [...text].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(text)) errors.push(`${at}: does not match ${schema.pattern}`);
    const format = FORMATS[schema.format as string];
    if (format && !format.test(text)) errors.push(`${at}: ${JSON.stringify(text)} is not a ${schema.format as string}`);
  }
  if (actual === 'number' || actual === 'integer') {
    const n = value as number;
    if (typeof schema.minimum === 'number' && n < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && n > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (actual === 'array' && schema.items) (value as unknown[]).forEach((item, i) => errors.push(...sub(schema.items, item, `${at}[${i}]`)));
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in object)) errors.push(`${at}.${name}: required, missing`);
    for (const [name, item] of Object.entries(object)) {
      if (name in properties) errors.push(...sub(properties[name], item, `${at}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${at}.${name}: not in the document`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...sub(schema.additionalProperties, item, `${at}.${name}`));
    }
  }
  return errors;
}

/**
 * Every way the answer departs from the document. `body` is the answer's text (read once by the
 * caller); an empty list means it conforms.
 */
export function conformanceErrors(doc: OpenApiDocument, op: Operation, status: number, contentType: string | null, body: string): string[] {
  const documented = op.operation.responses[String(status)] ?? op.operation.responses.default;
  if (!documented) return [`${op.key}: status ${status} is not documented (documented: ${Object.keys(op.operation.responses).join(', ')})`];
  const content = documented.content;
  if (!content || Object.keys(content).length === 0) {
    return body.length === 0 ? [] : [`${op.key} ${status}: the document says no body, the answer has ${body.length} bytes`];
  }
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const media = content[type] ?? content[`${type.split('/')[0]}/*`] ?? content['*/*'];
  if (!media) return [`${op.key} ${status}: content type ${type || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`];
  if (type !== 'application/json' && !type.endsWith('+json')) return [];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [`${op.key} ${status}: the body is not JSON`];
  }
  return schemaErrors(doc, media.schema, value).map((error) => `${op.key} ${status}: ${error}`);
}
