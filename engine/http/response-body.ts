/**
 * Reading a response body within a byte cap, counting as it streams: a body larger than the cap
 * is cut off as soon as the cap is passed, never buffered whole first.
 */

export class ResponseTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the response body is larger than ${limit} bytes (HTTP_MAX_RESPONSE_BYTES)`);
  }
}

interface DestroyableBody extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): unknown;
}

/** The body's bytes; throws `ResponseTooLargeError` (after destroying the stream) past `limit`. */
export async function readCappedBody(
  body: DestroyableBody,
  limit: number,
  declaredLength: number | undefined,
): Promise<Buffer> {
  if (declaredLength !== undefined && declaredLength > limit) {
    body.destroy();
    throw new ResponseTooLargeError(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      body.destroy();
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** JSON when the content type says so (and it parses), else text; an empty body is null. */
export function decodeBody(bytes: Buffer, contentType: string | undefined): unknown {
  if (bytes.length === 0) return null;
  const text = bytes.toString('utf8');
  if (contentType !== undefined && /^application\/([\w.+-]+\+)?json\b|\/json\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
