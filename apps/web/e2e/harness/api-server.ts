// Child process of the e2e harness: a real API (apps/api's test harness) on a fresh PostgreSQL
// database. Run with tsx, not inside Playwright's loader, because the API's sources import
// `.ts` paths. Prints one JSON line {url, adminKey, adminId, projectId}, then serves until
// SIGTERM, when it drops its database. `--bench-runs=N` first seeds N runs (the bench).
import { startTestApi } from '@hpa-lab/api/testing';
import { seedBenchRuns } from '../../bench/seed-runs.ts';

const benchRuns = Number(
  process.argv.find((arg) => arg.startsWith('--bench-runs='))?.split('=')[1] ?? 0,
);
const api = await startTestApi({ production: true });
if (benchRuns > 0) await seedBenchRuns(api, benchRuns);
process.stdout.write(
  `${JSON.stringify({
    url: api.url,
    adminKey: api.adminKey,
    adminId: api.adminId,
    projectId: api.projectId,
    signInToken: await api.signInToken(),
    database: api.database.name,
  })}\n`,
);

let closing = false;
async function close() {
  if (closing) return;
  closing = true;
  await api.close();
  process.exit(0);
}
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
// The harness dies without a signal when Playwright is killed: stdin closing tells us.
process.stdin.on('end', () => void close());
process.stdin.resume();
