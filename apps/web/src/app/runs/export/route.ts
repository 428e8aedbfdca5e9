// GET /runs/export?<the runs table's query>: the filtered, sorted runs as CSV (every column).
import { type NextRequest, NextResponse } from 'next/server';
import { serverEnv } from '@/env';
import { crossSiteReason, siteOrigin } from '@/lib/same-origin';
import { parseRunsView } from '@/features/runs/lib/url-state';
import { startRunsExport } from '@/features/runs/server/export-runs';
import { problemText } from '@/graphql/api-problem';

const STATUS_OF_PROBLEM: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  'bad-input': 400,
  'not-found': 404,
  unreachable: 502,
  timeout: 504,
  'rate-limited': 429,
  'api-error': 502,
};

function textResponse(status: number, message: string): NextResponse {
  return new NextResponse(`${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export async function GET(request: NextRequest): Promise<Response> {
  const refused = crossSiteReason(
    request.headers,
    siteOrigin(request.headers, serverEnv().trustProxy),
  );
  if (refused) return textResponse(403, `CSV export refused: ${refused}.`);
  const { state } = parseRunsView(request.nextUrl.searchParams);
  const started = await startRunsExport(state);
  if (!started.ok) {
    const { problem } = started;
    return textResponse(STATUS_OF_PROBLEM[problem.kind] ?? 502, problemText(problem));
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(started.stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="hpa-lab-runs-${day}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
