// The GraphQL documents the trainer sends: exactly the operations it uses, nothing more. Named
// operations so the API's logs say what each request was.

const RUN_FIELDS = `id name status errorMessage datasetFingerprint splitSeed backend device`;

export const PROJECTS = `query projects { projects { id slug name } }`;

export const RUN = `query run($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`;

export const CREATE_RUN = `mutation createRun($input: CreateRunInput!) {
  createRun(input: $input) { ${RUN_FIELDS} }
}`;

export const START_RUN = `mutation startRun(
  $id: ID!, $backend: String, $device: String, $datasetFingerprint: String, $splitSeed: Int
) {
  startRun(
    id: $id, backend: $backend, device: $device,
    datasetFingerprint: $datasetFingerprint, splitSeed: $splitSeed
  ) { ${RUN_FIELDS} }
}`;

export const HEARTBEAT = `mutation heartbeat($id: ID!) { heartbeat(id: $id) { id status errorMessage } }`;

export const FINISH_RUN = `mutation finishRun($id: ID!, $status: FinishStatus!, $errorMessage: String) {
  finishRun(id: $id, status: $status, errorMessage: $errorMessage) { ${RUN_FIELDS} }
}`;

export const LOG_METRICS = `mutation logMetrics($runId: ID!, $points: [MetricPointInput!]!) {
  logMetrics(runId: $runId, points: $points) { written }
}`;

export const LOG_EVALUATION = `mutation logEvaluation($input: LogEvaluationInput!) {
  logEvaluation(input: $input) { id step split macroF1 }
}`;
