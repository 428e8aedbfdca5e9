// Runs with chosen per-class F1s for the class leaderboard and the compare page's per-class
// parts, in a project of their own (the shared stack's other specs seed runs too; a project
// keeps this spec's leaderboard to its own runs). Every number of an evaluation is derived from
// counts, so the API's checks hold and what the page shows can be compared with the seed:
// class c has support s_c; a run finds k of them (tp = k) and makes as many false positives as
// misses (fp = fn = s_c - k), so its F1 is 2k / (2k + 2(s_c - k)) = k / s_c exactly; macro F1
// is the mean over all 28 classes (packages/ml's definitions, which the API checks).
import { randomUUID } from 'node:crypto';
import { VALIDATION_SPLIT } from '@hpa-lab/ml/config';
import { f1FromCounts, macroF1FromPerClass } from '@hpa-lab/ml/metrics';
import { graphql } from '../src/graphql/generated';
import type { ApiClient } from './harness/api-client';

export const CLASSES = 28;

/** Validation support per class: class 0 the most, the rare classes few (as in HPA). */
export const SUPPORT: readonly number[] = Array.from({ length: CLASSES }, (_, c) =>
  [8, 9, 10, 15, 27].includes(c) ? 4 + (c % 5) : 80 - 2 * c,
);

const CreateProject = graphql(`
  mutation ClassSeedCreateProject($slug: String!, $name: String!) {
    createProject(slug: $slug, name: $name) {
      id
      slug
    }
  }
`);

const CreateRun = graphql(`
  mutation ClassSeedCreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
    }
  }
`);

const StartRun = graphql(`
  mutation ClassSeedStartRun($id: ID!) {
    startRun(id: $id, backend: "wasm", device: "cpu (e2e)") {
      id
    }
  }
`);

const LogEvaluation = graphql(`
  mutation ClassSeedLogEvaluation($input: LogEvaluationInput!) {
    logEvaluation(input: $input) {
      id
    }
  }
`);

const FinishRun = graphql(`
  mutation ClassSeedFinishRun($id: ID!) {
    finishRun(id: $id, status: SUCCEEDED) {
      id
    }
  }
`);

export async function createProject(api: ApiClient, label: string) {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  const { createProject: project } = await api.request(CreateProject, { slug, name: slug });
  return project;
}

export interface ScoredRunSpec {
  name: string;
  approach: string;
  /** Images found per class (0..support): the class's F1 is found / support. */
  found: (classId: number) => number;
  loss?: string;
}

export interface ScoredRun {
  id: string;
  name: string;
  approach: string;
  f1: number[];
  macroF1: number;
}

/** Creates a run as `api`'s member, logs one validation evaluation and finishes it. */
export async function seedScoredRun(
  api: ApiClient,
  projectId: string,
  spec: ScoredRunSpec,
): Promise<ScoredRun> {
  const tp = SUPPORT.map((support, c) => Math.max(0, Math.min(support, spec.found(c))));
  const fn = SUPPORT.map((support, c) => support - tp[c]!);
  const f1 = SUPPORT.map((_, c) => f1FromCounts(tp[c]!, fn[c]!, fn[c]!));
  const macroF1 = macroF1FromPerClass(f1);
  const { createRun } = await api.request(CreateRun, {
    input: {
      projectId,
      name: spec.name,
      approach: spec.approach,
      tags: [],
      config: {
        model: { name: 'small-cnn' },
        inputSize: 64,
        loss: { name: spec.loss ?? 'bce' },
        dataset: { cachePath: '/data/cache.bin', fingerprint: 'fp-classes', splitSeed: 7 },
      },
    },
  });
  const id = createRun.id;
  await api.request(StartRun, { id });
  await api.request(LogEvaluation, {
    input: {
      runId: id,
      step: 100,
      split: VALIDATION_SPLIT,
      macroF1,
      perClass: {
        f1,
        precision: f1,
        recall: f1,
        support: [...SUPPORT],
        threshold: Array.from({ length: CLASSES }, () => 0.5),
        tp,
        fp: fn,
        fn,
        tn: SUPPORT.map((support) => 1000 - support),
      },
      cooccurrence: Array.from({ length: CLASSES }, (_, row) =>
        Array.from({ length: CLASSES }, (_, column) =>
          row === column ? tp[row]! : (row + column) % 7 === 0 ? fn[row]! : 0,
        ),
      ),
    },
  });
  await api.request(FinishRun, { id });
  return { id, name: spec.name, approach: spec.approach, f1, macroF1 };
}
