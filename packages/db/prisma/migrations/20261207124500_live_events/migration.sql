-- Live updates (apps/api/src/live): every write that a live page shows sends a NOTIFY on the
-- channel `hpa_lab_events` from inside its own statement, so it reaches every API instance
-- that LISTENs once the write commits, whichever instance (or the sweeper) made it. Triggers
-- rather than NOTIFYs in the services, because a status changes on many paths (trainer,
-- cancel, sweeper, reconciler) and a forgotten one would leave pages stale. A payload carries
-- ids and step ranges, never the data: PostgreSQL caps a payload at 8,000 bytes, and each
-- listening instance reads the rows once for all its subscribers. The payload shapes are
-- parsed by packages/db/src/live-events.ts; keep the two in step.

-- A batch of points (one logMetrics statement): per run, each key's lowest and highest step.
-- A payload that would pass 7,500 bytes (very many or very long keys) carries the run's whole
-- step range instead.
CREATE FUNCTION "hpa_lab_notify_metric_points"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  batch record;
  payload text;
BEGIN
  FOR batch IN
    SELECT "runId", jsonb_object_agg("key", jsonb_build_array(lo, hi)) AS ranges,
           min(lo) AS lo, max(hi) AS hi
    FROM (
      SELECT "runId", "key", min("step") AS lo, max("step") AS hi
      FROM new_points GROUP BY "runId", "key"
    ) AS per_key
    GROUP BY "runId"
  LOOP
    payload := jsonb_build_object('kind', 'points', 'runId', batch."runId", 'keys', batch.ranges)::text;
    IF octet_length(payload) > 7500 THEN
      payload := jsonb_build_object(
        'kind', 'points', 'runId', batch."runId", 'from', batch.lo, 'to', batch.hi)::text;
    END IF;
    PERFORM pg_notify('hpa_lab_events', payload);
  END LOOP;
  RETURN NULL;
END $$;

-- logMetrics is INSERT ... ON CONFLICT DO UPDATE: new points fire the INSERT trigger and
-- overwritten ones the UPDATE trigger (an empty transition table sends nothing).
CREATE TRIGGER "MetricPoint_live_insert" AFTER INSERT ON "MetricPoint"
  REFERENCING NEW TABLE AS new_points
  FOR EACH STATEMENT EXECUTE FUNCTION "hpa_lab_notify_metric_points"();
CREATE TRIGGER "MetricPoint_live_update" AFTER UPDATE ON "MetricPoint"
  REFERENCING NEW TABLE AS new_points
  FOR EACH STATEMENT EXECUTE FUNCTION "hpa_lab_notify_metric_points"();

-- A run created, or its status, scores, name or tags changed (not heartbeats: they change
-- nothing a page shows, and would notify every few seconds per running run).
CREATE FUNCTION "hpa_lab_notify_run"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hpa_lab_events', jsonb_build_object(
    'kind', 'run', 'runId', NEW."id", 'projectId', NEW."projectId",
    'created', TG_OP = 'INSERT')::text);
  RETURN NULL;
END $$;

CREATE TRIGGER "Run_live_insert" AFTER INSERT ON "Run"
  FOR EACH ROW EXECUTE FUNCTION "hpa_lab_notify_run"();
CREATE TRIGGER "Run_live_update" AFTER UPDATE ON "Run"
  FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status"
    OR OLD."bestMacroF1" IS DISTINCT FROM NEW."bestMacroF1"
    OR OLD."rareClassF1" IS DISTINCT FROM NEW."rareClassF1"
    OR OLD."name" IS DISTINCT FROM NEW."name"
    OR OLD."tags" IS DISTINCT FROM NEW."tags")
  EXECUTE FUNCTION "hpa_lab_notify_run"();

-- An evaluation or artifact stored (an evaluation is an upsert: a rewrite notifies again).
CREATE FUNCTION "hpa_lab_notify_run_item"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hpa_lab_events', jsonb_build_object(
    'kind', TG_ARGV[0], 'runId', NEW."runId", 'id', NEW."id")::text);
  RETURN NULL;
END $$;

CREATE TRIGGER "Evaluation_live" AFTER INSERT OR UPDATE ON "Evaluation"
  FOR EACH ROW EXECUTE FUNCTION "hpa_lab_notify_run_item"('evaluation');
CREATE TRIGGER "Artifact_live" AFTER INSERT ON "Artifact"
  FOR EACH ROW EXECUTE FUNCTION "hpa_lab_notify_run_item"('artifact');

-- A key revoked, its expiry changed, or deleted (with its member): the instances end the
-- subscriptions opened with it.
CREATE FUNCTION "hpa_lab_notify_api_key"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hpa_lab_events', jsonb_build_object(
    'kind', 'apiKey', 'id', CASE WHEN TG_OP = 'DELETE' THEN OLD."id" ELSE NEW."id" END)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER "ApiKey_live_update" AFTER UPDATE ON "ApiKey"
  FOR EACH ROW
  WHEN (OLD."revokedAt" IS DISTINCT FROM NEW."revokedAt"
    OR OLD."expiresAt" IS DISTINCT FROM NEW."expiresAt")
  EXECUTE FUNCTION "hpa_lab_notify_api_key"();
CREATE TRIGGER "ApiKey_live_delete" AFTER DELETE ON "ApiKey"
  FOR EACH ROW EXECUTE FUNCTION "hpa_lab_notify_api_key"();
