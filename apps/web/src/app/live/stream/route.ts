// POST /live/stream: the browser's live updates (graphql-sse) through this server. The browser
// cannot send the member's API key (it lives in the httpOnly cookie, which its JavaScript never
// sees), so this same-origin route adds it and relays the API's event stream as it comes. A
// cross-site request is refused (src/proxy.ts checks every POST's Origin first; this checks
// Sec-Fetch-Site as well), and the stream to the API ends when the browser's does.
import { type NextRequest, NextResponse } from 'next/server';
import { serverEnv } from '@/env';
import { crossSiteReason, siteOrigin } from '@/lib/same-origin';
import { readSessionKey } from '@/lib/session';
import { logger } from '@/server/logger';

/** A subscription document with its variables; the dashboard's are far smaller. */
const MAX_BODY_BYTES = 16 * 1024;

export const dynamic = 'force-dynamic';

function refuse(status: number, message: string): NextResponse {
  // The graphql-sse client reads a failed request's body as the reason.
  return NextResponse.json(
    { errors: [{ message }] },
    { status, headers: { 'cache-control': 'no-store' } },
  );
}

export async function POST(request: NextRequest): Promise<Response> {
  const refused = crossSiteReason(
    request.headers,
    siteOrigin(request.headers, serverEnv().trustProxy),
  );
  if (refused) return refuse(403, `Live updates refused: ${refused}.`);
  const key = await readSessionKey();
  if (!key) return refuse(401, 'Not signed in: sign in again to get live updates.');
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    return refuse(413, `A live subscription request is at most ${MAX_BODY_BYTES} bytes.`);
  }
  const { apiUrl } = serverEnv();
  let upstream: Response;
  try {
    upstream = await fetch(`${apiUrl}/graphql/stream`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${key}`,
      },
      body,
      cache: 'no-store',
      // The browser leaving ends the API's stream, and with it the subscription.
      signal: request.signal,
    });
  } catch (error) {
    logger.warn({ err: error, apiUrl }, 'live stream: the API cannot be reached');
    return refuse(502, 'The API cannot be reached; live updates will retry.');
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/event-stream',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  });
}
