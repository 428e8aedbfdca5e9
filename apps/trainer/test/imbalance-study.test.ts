// The imbalance study against the real API in embedded mode (its in-process queue runs the
// trainer's processor): a tiny data set, 1 epoch, 2 variants plus one the API refuses, 2-fold
// cross-validation. The first invocation launches everything, relaunches the run whose first
// attempt fails, and marks the refused variant missing; the second launches nothing and reports
// the same numbers.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSyntheticDataset } from '@hpa-lab/ml';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainJobProcessor } from '../src/processor.ts';
import { runStudy, type StudyResult } from '../src/study/run-study.ts';
import { createStudyApi } from '../src/study/study-api.ts';
import { STUDY_VARIANTS, type StudySettings } from '../src/study/study-plan.ts';
import { perClassCsv, studyMarkdown } from '../src/study/study-report.ts';
import { startTestApi, temporaryHome, type TestApi } from './harness.ts';

let api: TestApi;
let home: Awaited<ReturnType<typeof temporaryHome>>;
const late: { handler?: ReturnType<typeof createTrainJobProcessor> } = {};
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
/** Jobs the processor saw, and the one first attempt it fails on purpose. */
const jobs: string[] = [];
let failedOnce = false;
let settings: StudySettings;

beforeAll(async () => {
  home = await temporaryHome();
  api = await startTestApi({
    maxArtifactBytes: 64 * 1024 * 1024,
    processor: async (job, context) => {
      jobs.push(job.runId);
      // "A run that fails mid-study": the single-split focal run's first attempt.
      if (job.config.loss.name === 'focal' && job.config.dataset.folds === 0 && !failedOnce) {
        failedOnce = true;
        throw new Error('injected failure of the first focal attempt');
      }
      await late.handler!(job, context);
    },
  });
  late.handler = createTrainJobProcessor({
    api: { url: api.url, key: api.adminKey },
    home: home.dir,
    logger,
    heartbeatIntervalMs: 300,
    metricFlushIntervalMs: 200,
    childLogLevel: 'warn',
  });
  // 40 samples whose label sets come from a file, as the study's 31,072 come from train.csv.
  const labels = path.join(home.dir, 'labels.csv');
  const sets = ['0', '25', '0 25', '2', '5', '7', '23', '21', '4', '14'];
  await writeFile(
    labels,
    ['Id,Target', ...Array.from({ length: 40 }, (_, i) => `r${i},${sets[i % sets.length]}`)].join(
      '\n',
    ),
  );
  const dataDir = path.join(home.dir, 'study-data');
  await generateSyntheticDataset({
    outDir: dataDir,
    count: 40,
    size: 32,
    seed: 1,
    labelsFile: labels,
    workers: 0,
  });
  settings = {
    study: 'resume-test',
    dataDir,
    inputSize: 32,
    epochs: 1,
    stepsPerEpoch: 0,
    batchSize: 8,
    learningRate: 0.003,
    model: { name: 'small-cnn', filters: 4, blocks: 2, dropout: 0 },
    splitSeed: 3,
    validationFraction: 0.25,
    seed: 5,
    folds: 2,
    cvSeeds: [5],
    cvBest: 1,
    variants: [
      STUDY_VARIANTS.find((v) => v.key === 'bce')!,
      STUDY_VARIANTS.find((v) => v.key === 'focal')!,
      // "A study variant whose config the API refuses".
      {
        key: 'refused',
        label: 'Focal with a negative gamma',
        config: { loss: { name: 'focal', gamma: -1 } },
      },
    ],
    backend: 'cpu',
  };
});
afterAll(async () => {
  await api?.close();
  await home?.remove();
}, 120_000);

function study(): Promise<StudyResult> {
  return runStudy(settings, {
    api: createStudyApi({ url: api.url, key: api.adminKey }),
    projectId: api.projectId,
    wait: true,
    pollMs: 200,
    log: () => undefined,
  });
}

describe('the imbalance study on the platform', () => {
  it('launches each run once, relaunches a failed one once, marks the refused one, and resumes launching nothing', async () => {
    const first = await study();
    expect(first.launched).toEqual([
      'resume-test/bce',
      'resume-test/focal',
      'resume-test/focal (relaunch)',
      'resume-test/bce/cv2-seed5-fold0',
      'resume-test/bce/cv2-seed5-fold1',
      'resume-test/focal/cv2-seed5-fold0',
      'resume-test/focal/cv2-seed5-fold1',
    ]);
    // The refused config created no run, so no job reached a trainer for it.
    expect(jobs).toHaveLength(7);
    expect(first.cvVariants).toEqual(['bce', 'focal']);
    const [bce, focal, refused] = first.variants;
    expect(bce!.split.state.kind).toBe('succeeded');
    expect(focal!.split.state).toMatchObject({ kind: 'succeeded', relaunched: true });
    expect(refused!.split.state.kind).toBe('missing');
    expect(refused!.cv).toBeNull();
    // The validation split holds about a quarter of the 40 samples (stratification moves it
    // by a sample or so); the 2 folds predict all 40 between them.
    const validation = bce!.split.scores!.samples;
    expect(Math.abs(validation - 10)).toBeLessThanOrEqual(2);
    for (const variant of [bce!, focal!]) {
      const [seed] = variant.cv!.perSeed;
      expect(seed!.missing).toEqual([]);
      expect(seed!.scores!.samples).toBe(40);
      expect(seed!.scores!.rare.low).toBeLessThanOrEqual(seed!.scores!.rare.estimate);
      expect(variant.split.cpuSeconds).toBeGreaterThan(0);
      expect(variant.cv!.cpuSeconds).toBeGreaterThan(0);
    }
    expect(first.fingerprints).toHaveLength(1);
    expect(first.splitSeeds).toEqual([3]);
    // Both what-ifs answered by the API over the two succeeded single-split runs.
    expect(first.ensembles.map((e) => [e.what, e.runNames, e.missing])).toEqual([
      [
        'ensemble of the best three',
        expect.arrayContaining(['resume-test/bce', 'resume-test/focal (relaunch)']),
        null,
      ],
      [
        'best-per-class composite',
        expect.arrayContaining(['resume-test/bce', 'resume-test/focal (relaunch)']),
        null,
      ],
    ]);
    expect(first.ensembles[0]!.result!.sampleCount).toBe(validation);

    const report = studyMarkdown(first, 'per-class-f1.csv');
    expect(report).toContain('(relaunched once)');
    // The five rarest classes' positives beside their F1 (the tiny set holds none of them).
    expect(report).toContain('(positives 0/0/0/0/0)');
    expect(report).toMatch(
      /\| Focal with a negative gamma \| \*\*missing\*\*: the API refused its config: .*CONFIG_INVALID.*gamma/,
    );
    expect(perClassCsv(first).trim().split('\n')).toHaveLength(1 + 2 + 2);

    const second = await study();
    expect(second.launched).toEqual([]);
    expect(jobs).toHaveLength(7);
    const withoutLaunchLine = (r: StudyResult) =>
      studyMarkdown(r, 'per-class-f1.csv').replace(/Launched by this invocation.*/, '');
    expect(withoutLaunchLine(second)).toBe(withoutLaunchLine(first));
  }, 300_000);
});
