// The GraphQL documents the trainer sends: exactly the operations it uses, nothing more. Named
// operations so the API's logs say what each request was. GraphQL Code Generator checks each
// against apps/api/schema.graphql and types its result and variables (src/generated/), so a
// schema change that breaks the trainer fails `npm run generate` or `npm run typecheck`.
import { graphql } from '../generated/index.ts';

export const RUN_FIELDS = graphql(`
  fragment RunFields on Run {
    id
    name
    status
    errorMessage
    datasetFingerprint
    splitSeed
    backend
    device
  }
`);

/**
 * The artifact JSON of the HTTP upload route (`PUT /artifacts/runs/<runId>/<name>`), which
 * answers with these fields of GraphQL's Artifact; the fragment gives them their types.
 */
export const ARTIFACT_FIELDS = graphql(`
  fragment ArtifactFields on Artifact {
    id
    runId
    kind
    name
    bytes
    sha256
    downloadUrl
  }
`);

export const PROJECTS = graphql(`
  query projects {
    projects {
      id
      slug
      name
    }
  }
`);

export const RUN = graphql(`
  query run($id: ID!) {
    run(id: $id) {
      ...RunFields
    }
  }
`);

/** The cheapest read of where a run stands: asked once per trained batch while it trains. */
export const RUN_STATUS = graphql(`
  query runStatus($id: ID!) {
    run(id: $id) {
      status
      errorMessage
    }
  }
`);

export const CREATE_RUN = graphql(`
  mutation createRun($input: CreateRunInput!) {
    createRun(input: $input) {
      ...RunFields
    }
  }
`);

export const START_RUN = graphql(`
  mutation startRun(
    $id: ID!
    $backend: String
    $device: String
    $datasetFingerprint: String
    $splitSeed: Int
  ) {
    startRun(
      id: $id
      backend: $backend
      device: $device
      datasetFingerprint: $datasetFingerprint
      splitSeed: $splitSeed
    ) {
      ...RunFields
    }
  }
`);

export const HEARTBEAT = graphql(`
  mutation heartbeat($id: ID!) {
    heartbeat(id: $id) {
      id
      status
      errorMessage
    }
  }
`);

export const FINISH_RUN = graphql(`
  mutation finishRun($id: ID!, $status: FinishStatus!, $errorMessage: String) {
    finishRun(id: $id, status: $status, errorMessage: $errorMessage) {
      ...RunFields
    }
  }
`);

export const LOG_METRICS = graphql(`
  mutation logMetrics($runId: ID!, $points: [MetricPointInput!]!) {
    logMetrics(runId: $runId, points: $points) {
      written
    }
  }
`);

export const LOG_EVALUATION = graphql(`
  mutation logEvaluation($input: LogEvaluationInput!) {
    logEvaluation(input: $input) {
      id
      step
      split
      macroF1
    }
  }
`);
