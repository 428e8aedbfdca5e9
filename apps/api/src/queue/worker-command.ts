// The command a member runs to give a queue a worker, shown when none listens (queueStatus).
// Built from the queue's own connection so it is exact for this deployment: the Redis URL
// without its password (never echo a secret to every member), the key prefix when it is not
// the default, and a placeholder for the worker's own API key.

/** What the trainer's worker needs besides REDIS_URL and QUEUE_PREFIX (apps/trainer/README.md). */
export const WORKER_SCRIPT = 'npm run worker -w @hpa-lab/trainer';
/** Embedded mode: the root `npm start` runs apps/platform, whose API trains in its process. */
export const EMBEDDED_COMMAND = 'npm start';
const DEFAULT_PREFIX = 'hpa-lab';

/** Single-quotes a value for a POSIX shell unless it is plainly safe. */
function shellValue(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

export function redisUrlWithoutPassword(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    if (url.password) url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return 'redis://<host>:<port>';
  }
}

export function bullmqWorkerCommand(redisUrl: string, prefix: string): string {
  const settings = [`REDIS_URL=${shellValue(redisUrlWithoutPassword(redisUrl))}`];
  if (prefix !== DEFAULT_PREFIX) settings.push(`QUEUE_PREFIX=${shellValue(prefix)}`);
  settings.push('HPA_API_KEY=hpa_...');
  return `${settings.join(' ')} ${WORKER_SCRIPT}`;
}
