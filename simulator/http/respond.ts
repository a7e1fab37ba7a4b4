import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Salesforce REST error body entry. */
export interface ApiError {
  readonly message: string;
  readonly errorCode: string;
  readonly fields?: readonly string[];
}

/** Thrown by handlers to answer with a Salesforce error array. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly ApiError[],
  ) {
    super(errors[0]?.message ?? `HTTP ${status}`);
  }

  /** Shorthand for one error. */
  static of(status: number, errorCode: string, message: string, fields?: readonly string[]): HttpError {
    return new HttpError(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
  }
}

/** Headers every response of one request carries (e.g. `Sforce-Limit-Info`). */
export type ExtraHeaders = Record<string, string>;

/** Sends a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: ExtraHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends an empty 204. */
export function sendNoContent(res: ServerResponse, headers: ExtraHeaders = {}): void {
  res.writeHead(204, headers);
  res.end();
}

/** Reads the whole request body as UTF-8. */
export async function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw HttpError.of(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body with Salesforce's error for malformed JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw HttpError.of(
      400,
      'JSON_PARSER_ERROR',
      `Unexpected character in JSON body: ${(e as Error).message}`,
    );
  }
}

/** True for a plain JSON object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
