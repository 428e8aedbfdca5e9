import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';

describe('loadEnv', () => {
  it('fills defaults for the embedded mode', () => {
    const env = loadEnv({ HPA_LAB_HOME: '/srv/hpa' });
    expect(env).toMatchObject({
      databaseUrl: undefined,
      redisUrl: undefined,
      port: 4000,
      artifactDir: '/srv/hpa/artifacts',
      heartbeatTimeoutMs: 300_000,
      nodeEnv: 'development',
      s3: undefined,
    });
  });

  it('treats empty strings as unset and parses numbers', () => {
    const env = loadEnv({
      DATABASE_URL: '',
      REDIS_URL: ' ',
      PORT: '0',
      HEARTBEAT_TIMEOUT_SECONDS: '60',
    });
    expect(env.databaseUrl).toBeUndefined();
    expect(env.redisUrl).toBeUndefined();
    expect(env.port).toBe(0);
    expect(env.heartbeatTimeoutMs).toBe(60_000);
  });

  it('names every invalid variable', () => {
    expect(() => loadEnv({ PORT: 'eighty', NODE_ENV: 'staging' })).toThrow(
      /PORT[\s\S]*NODE_ENV|NODE_ENV[\s\S]*PORT/,
    );
  });

  it('requires the S3 settings together', () => {
    expect(() => loadEnv({ S3_BUCKET: 'b' })).toThrow(/must be set together/);
    const env = loadEnv({
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'b',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(env.s3).toMatchObject({ bucket: 'b', region: 'us-east-1' });
  });
});
