/**
 * @module
 * Serves the widget bundle and, in demo mode, the demo site. Runtime-neutral (node:fs works on
 * Node and Deno) and confined to its directory.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.eml': 'message/rfc822',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Reads `relative` below `root`; undefined when it escapes the root or does not exist. */
export async function readStatic(root: string, relative: string): Promise<{ body: Uint8Array; type: string } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = normalize(root);
  const full = normalize(join(base, decoded));
  if (full !== base && !full.startsWith(base.endsWith(sep) ? base : base + sep)) return undefined;
  try {
    const body = await readFile(full);
    return { body: new Uint8Array(body), type: contentTypeFor(full) };
  } catch {
    return undefined;
  }
}
