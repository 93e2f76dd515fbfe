ALTER TABLE "videos" ADD COLUMN "cuts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "output_cuts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "source_duration_ms" integer;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "downloads" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- the trim becomes cuts: everything before its start, everything from its end on
UPDATE "videos" SET "cuts" = (
  CASE WHEN coalesce("trim_start_ms", 0) > 0 THEN jsonb_build_array(jsonb_build_object('startMs', 0, 'endMs', "trim_start_ms")) ELSE '[]'::jsonb END
  || CASE WHEN "trim_end_ms" IS NOT NULL THEN jsonb_build_array(jsonb_build_object('startMs', "trim_end_ms", 'endMs', 86400000)) ELSE '[]'::jsonb END
) WHERE "trim_start_ms" IS NOT NULL OR "trim_end_ms" IS NOT NULL;--> statement-breakpoint
UPDATE "videos" SET "output_cuts" = "cuts" WHERE "output_version" IS NOT NULL;--> statement-breakpoint
-- comment and reaction times were in the trimmed video's time; they are now in the recording's
UPDATE "comments" c SET "at_sec" = c."at_sec" + v."trim_start_ms" / 1000.0 FROM "videos" v WHERE v."id" = c."video_id" AND coalesce(v."trim_start_ms", 0) > 0;--> statement-breakpoint
UPDATE "reactions" r SET "at_sec" = r."at_sec" + v."trim_start_ms" / 1000.0 FROM "videos" v WHERE v."id" = r."video_id" AND coalesce(v."trim_start_ms", 0) > 0;--> statement-breakpoint
ALTER TABLE "videos" DROP COLUMN "trim_start_ms";--> statement-breakpoint
ALTER TABLE "videos" DROP COLUMN "trim_end_ms";