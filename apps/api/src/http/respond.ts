// Small helpers for the plain node:http routes: JSON bodies and error responses that use the
// same `{ errors: [{ message, extensions: { code } }] }` shape as GraphQL.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../lib/errors.ts';

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendError(response: ServerResponse, error: ApiError): void {
  sendFailure(response, error.httpStatus, error.message, error.extensions);
}

export function sendFailure(
  response: ServerResponse,
  status: number,
  message: string,
  extensions: Record<string, unknown>,
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  // The client may still be sending a body we will not read; closing avoids a stalled socket.
  response.setHeader('connection', 'close');
  sendJson(response, status, { errors: [{ message, extensions }] });
}

/** Reads a JSON body up to maxBytes; names what is wrong with it. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    throw new ApiError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new ApiError('PAYLOAD_TOO_LARGE', `Request body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new ApiError(
      'BAD_USER_INPUT',
      `Request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}
