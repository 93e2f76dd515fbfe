ALTER TABLE "videos" ADD COLUMN "trim_start_ms" integer;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "trim_end_ms" integer;