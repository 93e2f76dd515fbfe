-- pg-boss becomes the one record of a job. Before the mirror table goes, what it knew that pg-boss
-- did not moves into pg-boss's rows: the payload and the video (as the job's data), and the dedupe
-- key (as the job's id: md5(kind || ':' || key), the rule of lib/queue/jobs.ts jobIdForKey).
-- A database that never ran pg-boss has no pgboss schema yet, and nothing to move.
DO $$
BEGIN
  IF to_regclass('pgboss.job') IS NOT NULL AND to_regclass('public.processing_jobs') IS NOT NULL THEN
    UPDATE pgboss.job b
      SET data = j.payload || CASE WHEN j.video_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('videoId', j.video_id::text) END
      FROM processing_jobs j
      WHERE b.id = j.boss_id AND b.name = j.kind;
    UPDATE pgboss.job b
      SET id = md5(j.kind || ':' || j.dedupe_key)::uuid
      FROM processing_jobs j
      WHERE b.id = j.boss_id AND b.name = j.kind AND j.dedupe_key IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM pgboss.job o WHERE o.name = j.kind AND o.id = md5(j.kind || ':' || j.dedupe_key)::uuid);
    -- a row that waited for work pg-boss no longer held (a database from before pg-boss) becomes a pg-boss job
    INSERT INTO pgboss.job (id, name, data, retry_limit, start_after)
      SELECT CASE WHEN j.dedupe_key IS NULL THEN gen_random_uuid() ELSE md5(j.kind || ':' || j.dedupe_key)::uuid END,
             j.kind,
             j.payload || CASE WHEN j.video_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('videoId', j.video_id::text) END,
             greatest(0, j.max_attempts - 1),
             j.run_at
      FROM processing_jobs j
      WHERE j.status IN ('queued', 'running')
        AND EXISTS (SELECT 1 FROM pgboss.queue q WHERE q.name = j.kind)
        AND NOT EXISTS (SELECT 1 FROM pgboss.job b WHERE b.name = j.kind AND b.state IN ('created', 'retry', 'active')
                          AND (b.id = j.boss_id OR (j.dedupe_key IS NOT NULL AND b.id = md5(j.kind || ':' || j.dedupe_key)::uuid)))
      ON CONFLICT DO NOTHING;
  END IF;
END $$;
--> statement-breakpoint
DROP TABLE "processing_jobs" CASCADE;
