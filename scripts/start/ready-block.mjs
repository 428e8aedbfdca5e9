// The block `npm start` prints once everything answers: where to sign in, where the data lives,
// how to stop, how to go to team mode. At a terminal it is plain text (so a person reads it
// among the apps' logs); otherwise one JSON line, like every other line of a piped `npm start`.

/** The lines of the block, from the platform's ready report (apps/platform/src/ready-file.ts). */
export function readyBlockLines(report, { dashboard, demo }) {
  const lines = ['', 'hpa-lab is ready.', ''];
  if (report.signInUrl) {
    lines.push(`  Sign in:      ${report.signInUrl}`);
    lines.push('                (works once, for an hour; each start prints a new link)');
  } else {
    lines.push(`  Dashboard:    ${report.webUrl} (sign in with an API key)`);
  }
  if (!dashboard) lines.push('                (the dashboard was not started: --only)');
  if (report.createdApiKey) {
    lines.push(`  API key:      ${report.createdApiKey}`);
    lines.push('                (admin; shown only this once: keep it for scripts)');
  }
  lines.push(`  API:          ${report.apiUrl}/graphql`);
  if (report.database === 'pglite') {
    lines.push(`  Data:         ${report.home} (embedded PostgreSQL, artifacts, data sets)`);
  } else {
    lines.push(`  Data:         PostgreSQL at DATABASE_URL; data sets in ${report.home}`);
  }
  if (demo) {
    lines.push('  Demo:         three short runs tagged "demo" train now (npm start -- --no-demo');
    lines.push('                or HPA_NO_DEMO=1 skips them)');
  }
  lines.push('  Stop:         Ctrl-C (runs still queued resume at the next start)');
  if (report.queue === 'in-process') {
    lines.push('  Team mode:    set DATABASE_URL (PostgreSQL) and REDIS_URL, then `npm start`;');
    lines.push(
      '                trainers join from any machine: npm run worker -w @hpa-lab/trainer',
    );
  } else {
    lines.push('  Team mode:    on (REDIS_URL); more trainers join from any machine with');
    lines.push('                npm run worker -w @hpa-lab/trainer (same DATABASE_URL/REDIS_URL)');
  }
  lines.push('');
  return lines;
}

/** The same as one JSON line (pino's shape, level info) for a piped `npm start`. */
export function readyJsonLine(report, { dashboard, demo }) {
  return JSON.stringify({
    level: 30,
    time: Date.now(),
    name: 'hpa-lab',
    msg: 'hpa-lab is ready',
    signInUrl: report.signInUrl,
    apiKey: report.createdApiKey,
    apiUrl: `${report.apiUrl}/graphql`,
    webUrl: report.webUrl,
    dashboard,
    home: report.home,
    database: report.database,
    queue: report.queue,
    demo,
  });
}
