// Artifact downloads through the dashboard: the browser asks this app (same origin, the
// session cookie), this app asks the API with the member's key and pipes the API's response
// body straight back, so a 1 GiB model never sits in this server's memory. Cross-site requests
// are refused: a page elsewhere must not make a member's browser fetch files with their key.
import 'server-only';
import { serverEnv } from '@/env';
import { readSessionKey } from '@/lib/session';
import { logger } from '@/server/logger';
import { crossSiteReason, siteOrigin } from '@/lib/same-origin';
import { isRunId } from '@/lib/run-id';

/** Headers of the API's answer passed on to the browser. */
const PASSED_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'etag',
  'x-content-sha256',
];

function refusal(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export async function streamArtifactDownload(
  request: Request,
  artifactId: string,
): Promise<Response> {
  const crossSite = crossSiteReason(
    request.headers,
    siteOrigin(request.headers, serverEnv().trustProxy),
  );
  if (crossSite) {
    return refusal(
      403,
      `Cross-site download refused (${crossSite}): open the link from the hpa-lab dashboard.`,
    );
  }
  if (!isRunId(artifactId)) {
    return refusal(400, `"${artifactId}" is not an artifact id (artifact ids are UUIDs).`);
  }
  const key = await readSessionKey();
  if (!key) return refusal(401, 'Not signed in: sign in to the dashboard, then download again.');
  const { apiUrl } = serverEnv();
  let upstream: Response;
  try {
    upstream = await fetch(`${apiUrl}/artifacts/${artifactId}`, {
      headers: { authorization: `Bearer ${key}` },
      cache: 'no-store',
      // The browser giving up (closed tab, cancelled download) stops the API's stream too.
      signal: request.signal,
    });
  } catch (error) {
    logger.warn({ err: error, artifactId }, 'artifact download: API unreachable');
    return refusal(502, `Could not reach the API at ${apiUrl} to fetch the file.`);
  }
  if (!upstream.ok || !upstream.body) {
    const detail = await upstream.text().catch(() => '');
    return refusal(
      upstream.status === 404 ? 404 : upstream.status >= 500 ? 502 : upstream.status,
      `The API refused the download (HTTP ${upstream.status}): ${apiMessage(detail)}`,
    );
  }
  const headers = new Headers({ 'cache-control': 'private, no-store' });
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: 200, headers });
}

/** The API answers errors as GraphQL-shaped JSON `{ errors: [{ message }] }`; keep it short. */
function apiMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { message?: unknown }[] };
    const message = parsed.errors?.[0]?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: use the text itself
  }
  return body.slice(0, 300) || 'no details';
}
