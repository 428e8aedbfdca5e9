// How a run that reached the training process ends, against the real API: each ending finishes
// the run, keeps what the run produced, and accepts a status someone else set first.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainerApi, type TrainerApi } from '../src/api-client/index.ts';
import type { TrainingResultMessage } from '../src/run/child-messages.ts';
import {
  endCompletedRun,
  endFailedTraining,
  endStoppedRun,
  type RunEndingContext,
} from '../src/run/run-endings.ts';
import { RunFailedError } from '../src/run/run-errors.ts';
import type { RunProgress } from '../src/run/run-progress.ts';
import { readRun, startTestApi, temporaryHome, tinyConfig, type TestApi } from './harness.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;
let client: TrainerApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi();
  client = createTrainerApi({ url: api.url, key: api.adminKey });
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
});

/** A running run and its work folder, optionally with a saved model folder in it. */
async function runningRun(name: string, folders: string[] = []): Promise<RunEndingContext> {
  const run = await client.createRun({ projectId: api.projectId, name, config: tinyConfig() });
  await client.startRun(run.id, { backend: 'cpu' });
  const workDir = path.join(home.dir, 'runs', run.id);
  for (const folder of folders) {
    await mkdir(path.join(workDir, folder), { recursive: true });
    await writeFile(path.join(workDir, folder, 'model.json'), '{"format":"layers-model"}');
    await writeFile(path.join(workDir, folder, 'weights.bin'), Buffer.alloc(16, 1));
  }
  await mkdir(workDir, { recursive: true });
  return { api: client, runId: run.id, logger, workDir, metricPoints: 12 };
}

async function artifactNames(runId: string): Promise<Record<string, string>> {
  const response = await api.gql(
    graphql(`
      query endingsArtifacts($id: ID!) {
        artifacts(runId: $id) {
          nodes {
            kind
            name
          }
        }
      }
    `),
    { id: runId },
  );
  return Object.fromEntries(response.data!.artifacts.nodes.map((a) => [a.name, a.kind]));
}

async function cancel(runId: string, reason: string) {
  await api.gql(
    graphql(`
      mutation endingsCancelRun($id: ID!, $reason: String) {
        cancelRun(id: $id, reason: $reason) {
          id
        }
      }
    `),
    {
      id: runId,
      reason,
    },
  );
}

function result(context: RunEndingContext, modelDir: string | null): TrainingResultMessage {
  return {
    stopReason: 'completed',
    steps: 0,
    trainingCpuSeconds: 1.5,
    stepsAfterCancel: null,
    bestEpoch: 1,
    bestMacroF1: 0.42,
    modelDir: modelDir ? path.join(context.workDir, modelDir) : null,
    predictions: null,
    validationProbabilities: null,
  };
}

describe('endCompletedRun', () => {
  it('uploads the model and run-info.json, then finishes the run succeeded', async () => {
    const context = await runningRun('completed', ['model']);
    const progress: RunProgress[] = [];
    const outcome = await endCompletedRun(
      context,
      result(context, 'model'),
      { runId: context.runId, backend: 'cpu', splitSeed: 3 },
      (event) => progress.push(event),
    );
    expect(outcome).toMatchObject({
      status: 'SUCCEEDED',
      errorMessage: null,
      bestEpoch: 1,
      bestMacroF1: 0.42,
      metricPoints: 12,
    });
    expect(outcome.artifacts.map((a) => a.name)).toEqual(['model.tar', 'run-info.json']);
    expect(progress.map((event) => event.type)).toEqual(['uploaded', 'uploaded']);
    expect(await artifactNames(context.runId)).toEqual({
      'model.tar': 'MODEL',
      'run-info.json': 'LOG',
    });
    expect((await readRun(api, context.runId)).status).toBe('SUCCEEDED');

    const info = outcome.artifacts.find((a) => a.name === 'run-info.json')!;
    const download = await fetch(`${api.url}/artifacts/${info.id}`, {
      headers: { authorization: `Bearer ${api.adminKey}` },
    });
    expect(await download.json()).toEqual({
      runId: context.runId,
      backend: 'cpu',
      splitSeed: 3,
      stopReason: 'completed',
      bestEpoch: 1,
      bestMacroF1: 0.42,
      trainingCpuSeconds: 1.5,
    });
  });
});

describe('endStoppedRun', () => {
  it('finishes a run the server stopped as cancelled, with the training result so far', async () => {
    const context = await runningRun('stopped-by-server');
    const outcome = await endStoppedRun(context, result(context, null), {
      byServer: true,
      reason: 'run is cancelled: enough',
    });
    expect(outcome).toEqual({
      status: 'CANCELLED',
      errorMessage: 'run is cancelled: enough',
      bestEpoch: 1,
      bestMacroF1: 0.42,
      artifacts: [],
      metricPoints: 12,
    });
  });

  it("keeps the member's reason when the member's cancel is already recorded", async () => {
    const context = await runningRun('cancelled-by-member');
    await cancel(context.runId, 'enough');
    const outcome = await endStoppedRun(context, result(context, null), {
      byServer: true,
      reason: 'run is cancelled: enough',
    });
    expect(outcome).toMatchObject({ status: 'CANCELLED', errorMessage: 'enough' });
  });

  it('fails a run the caller interrupted and says so', async () => {
    const context = await runningRun('interrupted');
    const error = await endStoppedRun(context, result(context, null), {
      byServer: false,
      reason: 'worker received SIGTERM',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as Error).message).toBe('training interrupted: worker received SIGTERM');
    expect(await readRun(api, context.runId)).toMatchObject({
      status: 'FAILED',
      errorMessage: 'training interrupted: worker received SIGTERM',
    });
  });
});

describe('endFailedTraining', () => {
  it('uploads the best checkpoint and fails the run with the error', async () => {
    const context = await runningRun('diverged', ['best-checkpoint']);
    const cause = new Error('loss became NaN at epoch 3, batch 7');
    const error = await endFailedTraining(context, cause, undefined).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).cause).toBe(cause);
    expect(await artifactNames(context.runId)).toEqual({ 'best-checkpoint.tar': 'CHECKPOINT' });
    expect(await readRun(api, context.runId)).toMatchObject({
      status: 'FAILED',
      errorMessage: 'loss became NaN at epoch 3, batch 7',
    });
  });

  it("names the caller's interruption rather than the killed process's exit", async () => {
    const context = await runningRun('killed-after-grace');
    const error = await endFailedTraining(
      context,
      new Error('the training process exited unexpectedly (SIGKILL)'),
      { byServer: false, reason: 'worker received SIGTERM' },
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('training interrupted: worker received SIGTERM');
    expect((await readRun(api, context.runId)).errorMessage).toBe(
      'training interrupted: worker received SIGTERM',
    );
  });

  it('returns a cancelled outcome when a member cancelled the run meanwhile', async () => {
    const context = await runningRun('cancelled-then-failed');
    await cancel(context.runId, 'changed my mind');
    const outcome = await endFailedTraining(
      context,
      new Error('Cannot start run: it is cancelled'),
      { byServer: true, reason: 'run is cancelled: changed my mind' },
    );
    expect(outcome).toEqual({
      status: 'CANCELLED',
      errorMessage: 'changed my mind',
      bestEpoch: -1,
      bestMacroF1: 0,
      artifacts: [],
      metricPoints: 12,
    });
  });
});
