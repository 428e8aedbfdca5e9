// The API calls the imbalance study makes: list its runs by tag, launch a run (with an
// idempotency key, so a retry after a timeout or a crash mid-launch returns the first run),
// read a run's artifacts, and ask for the ensemble what-ifs. Typed documents (codegen).
import { createHash } from 'node:crypto';
import {
  decodeValidationProbabilities,
  VALIDATION_PROBABILITIES_ARTIFACT,
  type ValidationProbabilities,
} from '@hpa-lab/contracts';
import type { TrainConfigInput } from '@hpa-lab/ml/config';
import { ApiRequestError } from '../api-client/api-error.ts';
import { createGraphqlRequest, type ApiConnection } from '../api-client/graphql-transport.ts';
import { graphql } from '../generated/index.ts';
import type { StudyEnsembleFieldsFragment, StudyRunFieldsFragment } from '../generated/graphql.ts';

export type StudyRun = StudyRunFieldsFragment;
export type StudyEnsemble = StudyEnsembleFieldsFragment;

export const STUDY_RUN_FIELDS = graphql(`
  fragment StudyRunFields on Run {
    id
    name
    status
    errorMessage
    config
    tags
    datasetFingerprint
    splitSeed
    durationMs
  }
`);

const STUDY_RUNS = graphql(`
  query studyRuns($filter: RunFilter!, $after: String) {
    runs(filter: $filter, sort: CREATED_ASC, first: 200, after: $after) {
      nodes {
        ...StudyRunFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const STUDY_LAUNCH = graphql(`
  mutation studyLaunch($input: LaunchRunInput!) {
    launchRun(input: $input) {
      ...StudyRunFields
    }
  }
`);

const STUDY_ARTIFACTS = graphql(`
  query studyArtifacts($runId: ID!) {
    artifacts(runId: $runId, first: 200) {
      nodes {
        id
        name
      }
    }
  }
`);

export const STUDY_ENSEMBLE_FIELDS = graphql(`
  fragment StudyEnsembleFields on EnsembleEvaluation {
    runIds
    sampleCount
    macroF1
    rareClassF1
    f1
    gain
    bestSingleRunId
    members {
      runId
      macroF1
      rareClassF1
    }
    classWinners {
      classId
      runId
    }
  }
`);

const STUDY_ENSEMBLE = graphql(`
  query studyEnsemble($runIds: [ID!]!) {
    ensembleEvaluation(runIds: $runIds, thresholds: PER_CLASS_CROSS_FITTED) {
      ...StudyEnsembleFields
    }
  }
`);

const STUDY_COMPOSITE = graphql(`
  query studyComposite($runIds: [ID!]!) {
    bestPerClassComposite(runIds: $runIds, thresholds: PER_CLASS_CROSS_FITTED) {
      ...StudyEnsembleFields
    }
  }
`);

export interface LaunchRequest {
  projectId: string;
  name: string;
  approach: string;
  tags: string[];
  config: TrainConfigInput;
}

export type LaunchResult = { ok: true; run: StudyRun } | { ok: false; refusal: string };

export interface StudyApi {
  /** Every run of the project with the tag, oldest first. */
  runsTagged(projectId: string, tag: string): Promise<StudyRun[]>;
  /** A config the API refuses is a result (the study marks it missing), not an exception. */
  launch(request: LaunchRequest): Promise<LaunchResult>;
  /** The run's artifact of that name as bytes; null when it has none. */
  artifact(runId: string, name: string): Promise<Uint8Array | null>;
  validationProbabilities(runId: string): Promise<ValidationProbabilities | null>;
  runInfo(runId: string): Promise<Record<string, unknown> | null>;
  ensemble(runIds: string[]): Promise<StudyEnsemble>;
  composite(runIds: string[]): Promise<StudyEnsemble>;
}

/** Same study, same run name, same config: the same key (launchRun returns the first run). */
export function idempotencyKey(request: LaunchRequest): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([request.projectId, request.name, request.config]))
    .digest('hex');
  return `imbalance-study-${hash.slice(0, 40)}`;
}

// Codes of a launch the API refused for its input: retrying the same input cannot help.
const REFUSED = new Set(['CONFIG_INVALID', 'BAD_USER_INPUT', 'CONFLICT', 'FORBIDDEN']);

export function createStudyApi(connection: ApiConnection): StudyApi {
  const request = createGraphqlRequest(connection);
  const download = async (id: string): Promise<Uint8Array> => {
    const response = await fetch(`${connection.url}/artifacts/${id}`, {
      headers: { authorization: `Bearer ${connection.key}` },
    });
    if (!response.ok) throw new Error(`artifact ${id}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const api: StudyApi = {
    async runsTagged(projectId, tag) {
      const runs: StudyRun[] = [];
      let after: string | null | undefined;
      for (;;) {
        const data = await request('studyRuns', STUDY_RUNS, { filter: { projectId, tag }, after });
        runs.push(...data.runs.nodes);
        if (!data.runs.pageInfo.hasNextPage) return runs;
        after = data.runs.pageInfo.endCursor;
      }
    },
    async launch(launch) {
      try {
        const data = await request('studyLaunch', STUDY_LAUNCH, {
          input: {
            projectId: launch.projectId,
            name: launch.name,
            approach: launch.approach,
            tags: launch.tags,
            config: launch.config,
            idempotencyKey: idempotencyKey(launch),
          },
        });
        return { ok: true, run: data.launchRun };
      } catch (error) {
        if (error instanceof ApiRequestError && REFUSED.has(error.code)) {
          return { ok: false, refusal: error.message };
        }
        throw error;
      }
    },
    async artifact(runId, name) {
      const data = await request('studyArtifacts', STUDY_ARTIFACTS, { runId });
      const found = data.artifacts.nodes.find((a) => a.name === name);
      return found ? download(found.id) : null;
    },
    async validationProbabilities(runId) {
      const bytes = await api.artifact(runId, VALIDATION_PROBABILITIES_ARTIFACT);
      return bytes ? decodeValidationProbabilities(bytes) : null;
    },
    async runInfo(runId) {
      const bytes = await api.artifact(runId, 'run-info.json');
      return bytes
        ? (JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>)
        : null;
    },
    async ensemble(runIds) {
      return (await request('studyEnsemble', STUDY_ENSEMBLE, { runIds })).ensembleEvaluation;
    },
    async composite(runIds) {
      return (await request('studyComposite', STUDY_COMPOSITE, { runIds })).bestPerClassComposite;
    },
  };
  return api;
}
