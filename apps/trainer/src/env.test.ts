import { BACKEND_NAMES } from '@hpa-lab/ml/config';
import { describe, expect, it } from 'vitest';
import { loadTrainerEnv, requireApiKey } from './env.ts';

describe('loadTrainerEnv', () => {
  it('fills defaults: local API, one job at a time, 30 s heartbeats, no backend forced', () => {
    const env = loadTrainerEnv({ HPA_LAB_HOME: '/tmp/hpa' });
    expect(env).toMatchObject({
      apiUrl: 'http://127.0.0.1:4000',
      apiKey: undefined,
      redisUrl: undefined,
      queuePrefix: 'hpa-lab',
      home: '/tmp/hpa',
      backend: undefined,
      concurrency: 1,
      heartbeatIntervalMs: 30_000,
    });
    expect(() => requireApiKey(env)).toThrow('HPA_API_KEY is required');
  });

  it('reads every setting and drops a trailing slash of the API URL', () => {
    const env = loadTrainerEnv({
      HPA_API_URL: 'https://hpa.example.org/',
      HPA_API_KEY: 'hpa_secret',
      REDIS_URL: 'redis://10.0.0.2:6379',
      QUEUE_PREFIX: 'team-a',
      HPA_TRAINER_BACKEND: 'wasm',
      HPA_TRAINER_CONCURRENCY: '2',
      HPA_HEARTBEAT_SECONDS: '0.5',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
    });
    expect(env).toMatchObject({
      apiUrl: 'https://hpa.example.org',
      apiKey: 'hpa_secret',
      redisUrl: 'redis://10.0.0.2:6379',
      queuePrefix: 'team-a',
      backend: 'wasm',
      concurrency: 2,
      heartbeatIntervalMs: 500,
      logLevel: 'debug',
      logFormat: 'json',
    });
    expect(loadTrainerEnv({}).logFormat).toBeUndefined();
    expect(() => loadTrainerEnv({ LOG_FORMAT: 'yaml' })).toThrow('LOG_FORMAT');
  });

  it('offers exactly the backends packages/ml can select', () => {
    for (const name of BACKEND_NAMES) {
      expect(loadTrainerEnv({ HPA_TRAINER_BACKEND: name }).backend).toBe(name);
    }
    expect(() => loadTrainerEnv({ HPA_TRAINER_BACKEND: 'cuda' })).toThrow('HPA_TRAINER_BACKEND');
  });

  it('names every invalid variable', () => {
    expect(() =>
      loadTrainerEnv({
        HPA_API_URL: 'ftp://x',
        HPA_TRAINER_BACKEND: 'cuda',
        HPA_TRAINER_CONCURRENCY: '0',
      }),
    ).toThrow(/HPA_API_URL: .*\n {2}HPA_TRAINER_BACKEND: .*\n {2}HPA_TRAINER_CONCURRENCY: /);
  });
});
