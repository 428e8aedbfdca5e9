import { describe, expect, it } from 'vitest';
import { bullmqWorkerCommand, redisUrlWithoutPassword } from './worker-command.ts';

describe('the worker command shown to members', () => {
  it('names the Redis URL and a non-default prefix, with a placeholder key', () => {
    expect(bullmqWorkerCommand('redis://127.0.0.1:6379', 'hpa-lab')).toBe(
      'REDIS_URL=redis://127.0.0.1:6379 HPA_API_KEY=hpa_... npm run worker -w @hpa-lab/trainer',
    );
    expect(bullmqWorkerCommand('redis://10.0.0.5:6380/2', 'team-b')).toBe(
      'REDIS_URL=redis://10.0.0.5:6380/2 QUEUE_PREFIX=team-b HPA_API_KEY=hpa_... npm run worker -w @hpa-lab/trainer',
    );
  });

  it('never shows the Redis password, and quotes what a shell would split', () => {
    expect(redisUrlWithoutPassword('redis://default:s3cret@redis.internal:6379')).toBe(
      'redis://default@redis.internal:6379',
    );
    const command = bullmqWorkerCommand('rediss://:s3cret@cache:6379/0?family=6&x=1', 'hpa-lab');
    expect(command).not.toContain('s3cret');
    expect(command).toContain("REDIS_URL='rediss://cache:6379/0?family=6&x=1'");
  });
});
