// `npm run train -- --config run.json` as a user runs it: a separate process that creates the
// run through the API (with its data fingerprint), trains locally and prints progress.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { generateSyntheticDataset } from '@hpa-lab/ml';
import path from 'node:path';
import { onednnTestsRun } from '@hpa-lab/onednn-kernels/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun, startTestApi, temporaryHome, tinyConfig, type TestApi } from './harness.ts';
import { graphql } from './generated/index.ts';

const trainerRoot = path.resolve(import.meta.dirname, '..');
let api: TestApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;

function runCli(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/train.ts', ...args], {
    cwd: trainerRoot,
    env: {
      PATH: process.env.PATH,
      HPA_API_URL: api.url,
      HPA_API_KEY: api.adminKey,
      HPA_LAB_HOME: home.dir,
      HPA_HEARTBEAT_SECONDS: '0.5',
      ...extraEnv,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi({ maxArtifactBytes: 64 * 1024 * 1024 });
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

describe('npm run train', () => {
  it('creates the run with its fingerprint, trains it, predicts a test folder and prints each epoch', async () => {
    const configFile = path.join(home.dir, 'small.json');
    await writeFile(configFile, JSON.stringify(tinyConfig({ epochs: 1 })));
    // A folder of unlabeled images in the Kaggle layout ({Id}_{channel}.png).
    const testSet = await generateSyntheticDataset({
      outDir: path.join(home.dir, 'test-set'),
      count: 5,
      size: 32,
      seed: 'test-folder',
    });
    const result = await runCli([
      '--config',
      configFile,
      '--name',
      'from-cli',
      '--tags',
      'cli,tiny',
      '--test-dir',
      testSet.imageDir,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('backend cpu (1 thread on');
    expect(result.stdout).toMatch(/epoch 1\/1 {2}loss \d+\.\d{4} {2}val loss/);
    expect(result.stdout).toContain('uploaded model model.tar');
    const runId = /run (\S+) created in project/.exec(result.stdout)?.[1] ?? 'not printed';
    const read = await api.gql(
      graphql(`
        query cliRun($id: ID!) {
          run(id: $id) {
            name
            status
            tags
            datasetFingerprint
            splitSeed
            approach
          }
        }
      `),
      {
        id: runId,
      },
    );
    expect(read.data!.run).toMatchObject({
      name: 'from-cli',
      status: 'SUCCEEDED',
      tags: ['cli', 'tiny'],
      splitSeed: 3,
      approach: 'small-cnn + bce + uniform',
    });
    expect(read.data!.run!.datasetFingerprint).toMatch(/^[0-9a-f]{64}$/);

    const artifacts = await api.gql(
      graphql(`
        query cliArtifacts($id: ID!) {
          artifacts(runId: $id) {
            nodes {
              id
              kind
              name
            }
          }
        }
      `),
      { id: runId },
    );
    const submission = artifacts.data!.artifacts.nodes.find((a) => a.kind === 'SUBMISSION');
    expect(submission?.name).toBe('submission.csv');
    expect(artifacts.data!.artifacts.nodes.map((a) => a.name).sort()).toEqual([
      'model.tar',
      'probabilities.csv',
      'run-info.json',
      'submission.csv',
      'validation-probabilities.hpvp',
    ]);
    const csv = await fetch(`${api.url}/artifacts/${submission!.id}`, {
      headers: { authorization: `Bearer ${api.adminKey}` },
    }).then((response) => response.text());
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('Id,Predicted');
    expect(
      lines
        .slice(1)
        .map((line) => line.split(',')[0])
        .sort(),
    ).toEqual(testSet.rows.map((row) => row.id).sort());
    for (const line of lines.slice(1)) expect(line).toMatch(/^[0-9a-f-]+,(\d+( \d+)*)?$/);
  });

  // oneDNN's DNNL_MAX_CPU_ISA makes this CPU one without bfloat16 for the training process.
  it('fails a bfloat16 run on a CPU without avx512_bf16, naming the flag', async ({ skip }) => {
    if (!onednnTestsRun()) skip('the oneDNN addon is not built');
    const configFile = path.join(home.dir, 'bf16.json');
    await writeFile(
      configFile,
      JSON.stringify(tinyConfig({ epochs: 1, backend: 'wasm-onednn', precision: 'bfloat16' })),
    );
    const result = await runCli(['--config', configFile, '--name', 'bf16-refused'], {
      DNNL_MAX_CPU_ISA: 'AVX512_CORE',
    });
    expect(result.code).not.toBe(0);
    const runId = /run (\S+) created in project/.exec(result.stdout)?.[1] ?? 'not printed';
    const run = await readRun(api, runId);
    expect(run.status).toBe('FAILED');
    expect(run.errorMessage).toContain(
      'precision bfloat16: bfloat16 convolutions need a CPU with the avx512_bf16 flag',
    );
  });

  it('refuses a bad config file before creating anything, naming the field', async () => {
    const configFile = path.join(home.dir, 'bad.json');
    await writeFile(configFile, JSON.stringify(tinyConfig({ model: { name: 'vgg16' } })));
    const before = await api.database.prisma.run.count();
    // A relative path is resolved where `npm run` was typed (INIT_CWD), not in apps/trainer.
    const result = await runCli(['--config', 'bad.json'], { INIT_CWD: home.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${configFile}: invalid training config: model.name`);
    expect(await api.database.prisma.run.count()).toBe(before);
  });
});
