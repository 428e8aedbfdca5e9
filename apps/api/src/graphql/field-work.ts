// The work behind a field, in cost units, on top of the one unit every selected field costs.
// A unit is roughly what resolving one plain field costs; a database round trip is priced at
// about 5-10, a scan over a project's evaluations far more. The numbers were set so that the
// costliest query the default limit (25,000) accepts answers in well under a second on the
// development VM (see apps/api/README.md, "Measured").

type ArgumentReader = (name: string) => unknown;

const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Work of fields whose resolver does more than read a property of its parent. */
const WORK: Record<string, Record<string, (argument: ArgumentReader) => number>> = {
  Query: {
    me: () => 2,
    members: () => 5,
    projects: () => 5,
    project: () => 2,
    run: () => 5,
    // A page query and a count.
    runs: () => 200,
    // Per run and key, a bucketing query over the raw points (bounded by maxPoints), plus the
    // runs and their best evaluations.
    compareRuns: (argument) => {
      const ids = Math.max(1, count(argument('ids')));
      const keys = count(argument('keys'));
      const buckets = numberOr(argument('maxPoints'), 500);
      return 100 + ids * (20 + keys * Math.ceil(buckets / 10));
    },
    // Per run a lookup and, unless cached, a read and decode of its validation probabilities;
    // then the scoring, which with cross-fitted thresholds tunes 28 classes per run.
    ensembleEvaluation: (argument) => 100 + 150 * Math.max(2, count(argument('runIds'))),
    bestPerClassComposite: (argument) => 100 + 250 * Math.max(2, count(argument('runIds'))),
    // Reads every evaluation of the project and ranks 28 classes.
    classLeaderboard: () => 4000,
    artifacts: () => 5,
    models: () => 10,
    registeredModel: () => 2,
    // Round trips to Redis.
    queueStatus: () => 20,
    // Reads the index file of every cache under HPA_LAB_HOME (unchanged ones from memory).
    datasets: () => 200,
  },
  Mutation: {
    launchRun: () => 20,
    cancelRun: () => 20,
    logMetrics: () => 20,
    logEvaluation: () => 20,
    promoteModel: () => 20,
  },
  Member: { apiKeys: () => 5 },
  // Each of these is one more query per run of a page (graphql-js resolves them run by run).
  Run: {
    metricKeys: () => 25,
    // One indexed query each (services/run-summary.ts).
    bestEpoch: () => 25,
    imagesPerSecond: () => 25,
    evaluations: () => 50,
    bestEvaluation: () => 25,
    // One unique-index lookup.
    evaluation: () => 25,
    artifacts: () => 25,
    // One indexed lookup of a model artifact, only for succeeded runs the viewer may write.
    viewerCanPromote: () => 10,
  },
  ClassRunScore: { run: () => 5 },
  RegisteredModel: { versions: () => 5, aliases: () => 5, promotions: () => 10 },
  ModelVersion: { model: () => 5, run: () => 5, artifact: () => 5, aliases: () => 5 },
  ModelAlias: { version: () => 5, downloadUrl: () => 5, viewerCanMove: () => 5 },
};

/** The work of `type.field` with the given arguments (0 for plain properties). */
export function fieldWork(typeName: string, fieldName: string, argument: ArgumentReader): number {
  return WORK[typeName]?.[fieldName]?.(argument) ?? 0;
}

/**
 * Introspection answers from the in-memory schema; one full `__schema` query builds about 6 KB
 * of JSON per field selected, so its price caps a request at a dozen of them.
 */
export const INTROSPECTION_WORK: Record<string, number> = { __schema: 2000, __type: 100 };
