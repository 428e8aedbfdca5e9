// docker-compose.yml cannot run here (no Docker), so this reads it and checks what must be
// plainly right: the services and their images, ports, health checks and start order, that
// every variable given to an app is one its src/env.ts reads (and that the app accepts the
// values), and that every Dockerfile it builds exists, is multi-stage, has the target and runs
// as a non-root user.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadEnv } from '../../api/src/env.ts';
import { loadTrainerEnv } from '../../trainer/src/env.ts';
import { loadServerEnv } from '../../web/src/env.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  deploy?: {
    resources?: {
      reservations?: { devices?: { driver: string; count: number; capabilities: string[] }[] };
    };
  };
}

// `merge`: the trainers share their variables through a YAML anchor and `<<`.
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** The app each built service runs, and the loader of that app's env.ts. */
const APPS = {
  api: { envFile: 'apps/api/src/env.ts', load: loadEnv },
  web: { envFile: 'apps/web/src/env.ts', load: loadServerEnv },
  'trainer-cpu': { envFile: 'apps/trainer/src/env.ts', load: loadTrainerEnv },
  'trainer-gpu': { envFile: 'apps/trainer/src/env.ts', load: loadTrainerEnv },
} as const;

/** The variables an env.ts schema reads: its `NAME:` keys. */
function schemaVariables(envFile: string): Set<string> {
  const source = readFileSync(join(ROOT, envFile), 'utf8');
  return new Set([...source.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] as string));
}

/** Compose's interpolation: `$$`, `${VAR}`, `${VAR:-default}`, `${VAR:?error}`. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (whole, name, op, arg) => {
    if (whole === '$$') return '$';
    const set = vars[name as string];
    if (set !== undefined && set !== '') return set;
    if (op === '?') throw new Error(`${name} is required: ${arg}`);
    return op === '-' ? (arg as string) : '';
  });
}

/** .env.example with every value filled, as an operator's .env would be. */
function exampleEnv(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) vars[match[1] as string] = (match[2] as string) || 'hpa_example_key';
  }
  return vars;
}

describe('docker-compose.yml', () => {
  it('has the data services, the apps and a CPU and a GPU trainer', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'api',
        'minio',
        'minio-bucket',
        'postgres',
        'redis',
        'trainer-cpu',
        'trainer-gpu',
        'web',
      ].sort(),
    );
    expect(service('postgres').image).toMatch(/^postgres:16[-.]/);
    expect(service('redis').image).toMatch(/^redis:7[-.]/);
    expect(service('minio').image).toMatch(/^quay\.io\/minio\/minio:RELEASE\./);
    // A machine without a GPU runs `docker compose up` without it.
    expect(service('trainer-gpu').profiles).toEqual(['gpu']);
  });

  it('publishes the API, the dashboard and Redis (for trainers on other machines) on the ports the apps listen on', () => {
    expect(service('api').ports).toEqual([`4000:${service('api').environment?.PORT}`]);
    expect(service('web').ports).toEqual([`3000:${service('web').environment?.HPA_WEB_PORT}`]);
    expect(service('api').environment?.HOST).toBe('0.0.0.0');
    expect(service('web').environment?.HPA_WEB_HOST).toBe('0.0.0.0');
    expect(service('redis').ports).toEqual(['6379:6379']);
    expect(service('postgres').ports).toBeUndefined();
    expect(service('trainer-cpu').ports).toBeUndefined();
  });

  it('health-checks every service something waits on, and the API and dashboard on their own URLs', () => {
    for (const [name, { depends_on: dependsOn = {} }] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(dependsOn)) {
        expect(services[target], `${name} depends on ${target}`).toBeDefined();
        expect(['service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy')
          expect(
            service(target).healthcheck?.test.length,
            `${target}'s healthcheck`,
          ).toBeGreaterThan(0);
      }
    }
    const test = (name: string) => service(name).healthcheck?.test.join(' ') ?? '';
    expect(test('postgres')).toContain('pg_isready');
    expect(test('redis')).toContain('ping');
    expect(test('api')).toContain('http://127.0.0.1:4000/healthz');
    expect(test('web')).toContain('http://127.0.0.1:3000/sign-in');
  });

  it('starts each app after what it needs', () => {
    const waitsFor = (name: string) => Object.keys(service(name).depends_on ?? {}).sort();
    expect(waitsFor('api')).toEqual(['minio-bucket', 'postgres', 'redis']);
    expect(waitsFor('minio-bucket')).toEqual(['minio']);
    expect(waitsFor('web')).toEqual(['api']);
    expect(waitsFor('trainer-cpu')).toEqual(['api', 'redis']);
    expect(waitsFor('trainer-gpu')).toEqual(['api', 'redis']);
  });

  it('gives each app only variables its env.ts reads, and values it accepts', () => {
    const vars = exampleEnv();
    for (const [name, app] of Object.entries(APPS)) {
      const environment = service(name).environment ?? {};
      const known = schemaVariables(app.envFile);
      for (const variable of Object.keys(environment))
        expect(known.has(variable), `${name}: ${variable} is not read by ${app.envFile}`).toBe(
          true,
        );
      const resolved = Object.fromEntries(
        Object.entries(environment).map(([key, value]) => [key, interpolate(String(value), vars)]),
      );
      expect(() => app.load(resolved), name).not.toThrow();
    }
    // Team mode for real: PostgreSQL, Redis and S3, with the API and the workers on one queue.
    const api = loadEnv(
      Object.fromEntries(
        Object.entries(service('api').environment ?? {}).map(([k, v]) => [k, interpolate(v, vars)]),
      ),
    );
    expect(api.databaseUrl).toMatch(/^postgresql:\/\/hpa:.+@postgres:5432\/hpa_lab$/);
    expect(api.redisUrl).toMatch(/@redis:6379$/);
    expect(api.s3?.endpoint).toBe('http://minio:9000');
    for (const trainer of ['trainer-cpu', 'trainer-gpu']) {
      const env = service(trainer).environment ?? {};
      expect(env.QUEUE_PREFIX).toBe(service('api').environment?.QUEUE_PREFIX);
      expect(env.HPA_API_URL).toBe('http://api:4000');
    }
    expect(service('trainer-gpu').environment?.HPA_TRAINER_BACKEND).toBe('tensorflow-gpu');
    expect(service('trainer-cpu').environment?.HPA_TRAINER_BACKEND).toBe('wasm-onednn');
  });

  it('reserves an NVIDIA GPU for the GPU trainer', () => {
    expect(service('trainer-gpu').deploy?.resources?.reservations?.devices).toEqual([
      { driver: 'nvidia', count: 1, capabilities: ['gpu'] },
    ]);
  });
});

describe('the Dockerfiles docker-compose.yml builds', () => {
  interface Stage {
    from: string;
    name: string | undefined;
    lines: string[];
  }

  function stages(dockerfile: string): Stage[] {
    const result: Stage[] = [];
    const args: Record<string, string> = {};
    for (const line of readFileSync(dockerfile, 'utf8').split('\n')) {
      const arg = /^ARG ([A-Z_]+)=(\S+)/.exec(line);
      if (arg && result.length === 0) args[arg[1] as string] = arg[2] as string;
      const from = /^FROM (\S+)(?: AS (\S+))?/i.exec(line);
      if (from) {
        const image = (from[1] as string).replace(/\$\{([A-Z_]+)\}/g, (_, n) => args[n] ?? '');
        result.push({ from: image, name: from[2], lines: [] });
      } else result.at(-1)?.lines.push(line);
    }
    return result;
  }

  /** The target's stage and the stages it is built FROM, nearest first. */
  function chain(all: Stage[], target: string): Stage[] {
    const found: Stage[] = [];
    let stage = all.find((s) => s.name === target);
    while (stage) {
      found.push(stage);
      const from = stage.from;
      stage = all.find((s) => s.name === from);
    }
    return found;
  }

  const built = Object.entries(services).filter(([, s]) => s.build);

  it('exist, are multi-stage and run each target as a non-root user', () => {
    expect(built.map(([name]) => name).sort()).toEqual(Object.keys(APPS).sort());
    for (const [name, { build }] of built) {
      const file = join(ROOT, build!.context, build!.dockerfile);
      expect(existsSync(file), `${name}: ${build!.dockerfile}`).toBe(true);
      const all = stages(file);
      expect(all.length, `${build!.dockerfile} is multi-stage`).toBeGreaterThan(1);
      const lineage = chain(all, build!.target);
      expect(lineage.length, `${name}: target ${build!.target}`).toBeGreaterThan(0);
      const user = lineage
        .flatMap((s) => s.lines.filter((l) => /^USER /.test(l)).reverse())
        .map((l) => l.slice(5).trim())[0];
      expect(user, `${name} runs as`).toBeDefined();
      expect(['root', '0', '0:0']).not.toContain(user);
      expect(lineage[0]!.lines.join('\n')).toMatch(/^CMD /m);
    }
  });

  it('build the oneDNN addon into the CPU images and base the GPU image on CUDA 11.2 + cuDNN 8', () => {
    const cpu = stages(join(ROOT, 'docker/Dockerfile'));
    const build = cpu.find((s) => s.name === 'build')!.lines.join('\n');
    expect(build).toContain('libdnnl-dev');
    expect(build).toContain('npm run build:addon -w @hpa-lab/onednn-kernels');
    expect(cpu.find((s) => s.name === 'runtime')!.lines.join('\n')).toContain('libdnnl2');
    const gpu = chain(stages(join(ROOT, 'docker/Dockerfile.gpu')), 'trainer-gpu');
    expect(gpu.at(-1)!.from).toMatch(/^nvidia\/cuda:11\.2\.\d+-cudnn8-runtime-/);
  });
});
