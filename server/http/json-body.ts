/**
 * @module
 * JSON request bodies, read whole and with a size limit before the route runs. On Node the body
 * is read straight from the IncomingMessage that @hono/node-server hands over as `c.env.incoming`:
 * asking Hono for `c.req.raw.body` there builds a fetch Request and a web stream around the socket,
 * which was a sixth of a reading submission's time. Elsewhere (Deno, `app.request` in the tests)
 * Hono's own body limit reads the Request. Either way the text ends up in Hono's body cache, where
 * `c.req.json()` and the validators find it.
 */
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.ts';

const tooLarge = () => new ApiError(413, 'payload_too_large', 'The request body is too large.');

export function jsonBody(limit: number): MiddlewareHandler {
  const fromRequest = bodyLimit({
    maxSize: limit,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (!incoming || typeof incoming.on !== 'function' || incoming.readableEnded || incoming.readableFlowing !== null) return fromRequest(c, next);
    const declared = Number(c.req.header('content-length'));
    if (declared > limit) throw tooLarge();
    // Hono keeps promises in its body cache (its type says otherwise).
    (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(await readText(incoming, limit));
    return next();
  };
}

/** The body as UTF-8 text (a leading byte-order mark dropped, as fetch's text() does). */
function readText(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // The rest flows on unread; the answer is 413 all the same.
      done();
      incoming.resume();
      reject(tooLarge());
    };
    const onEnd = () => {
      done();
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    };
    const onError = () => {
      done();
      reject(new ApiError(400, 'invalid_json', 'The request body could not be read.'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onError);
  });
}
