// The operations the live-update tests send: a trainer's writes and the two subscriptions.
import { graphql } from './generated/index.ts';

export const LIVE_CREATE_RUN = graphql(`
  mutation liveCreateRun($input: CreateRunInput!) {
    createRun(input: $input) {
      id
    }
  }
`);

export const LIVE_START_RUN = graphql(`
  mutation liveStartRun($id: ID!) {
    startRun(id: $id) {
      id
    }
  }
`);

export const LIVE_LOG_METRICS = graphql(`
  mutation liveLogMetrics($runId: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $runId, points: $points) {
      written
    }
  }
`);

export const LIVE_LOG_EVALUATION = graphql(`
  mutation liveLogEvaluation($input: LogEvaluationInput!) {
    logEvaluation(input: $input) {
      id
    }
  }
`);

export const LIVE_FINISH_RUN = graphql(`
  mutation liveFinishRun($id: ID!) {
    finishRun(id: $id, status: SUCCEEDED) {
      id
    }
  }
`);

export const LIVE_CREATE_MEMBER_KEY = graphql(`
  mutation liveCreateKey($name: String!) {
    createApiKey(name: $name) {
      apiKey {
        id
      }
      secret
    }
  }
`);

export const LIVE_REVOKE_KEY = graphql(`
  mutation liveRevokeKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
    }
  }
`);

export const RUN_EVENTS = graphql(`
  subscription liveRunEvents($runId: ID!, $after: [MetricStepInput!], $afterStep: Int) {
    runEvents(runId: $runId, after: $after, afterStep: $afterStep) {
      run {
        id
        status
        durationMs
        bestMacroF1
      }
      points {
        key
        step
        value
      }
      evaluations {
        id
        step
        macroF1
      }
      artifacts {
        id
        name
      }
    }
  }
`);

export const PROJECT_RUN_CHANGES = graphql(`
  subscription liveProjectRunChanges($projectId: ID) {
    projectRunChanges(projectId: $projectId) {
      created
      run {
        id
        name
        status
        bestMacroF1
      }
    }
  }
`);

/** `count` points of `key` at steps from..from+count-1, valued step / 1000. */
export function points(key: string, from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    key,
    step: from + i,
    value: (from + i) / 1000,
  }));
}
