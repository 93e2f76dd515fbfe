ALTER TABLE "recording_sessions" DROP CONSTRAINT "recording_sessions_mode_check";--> statement-breakpoint
ALTER TABLE "recording_sessions" ADD COLUMN "import_size" bigint;--> statement-breakpoint
ALTER TABLE "recording_sessions" ADD CONSTRAINT "recording_sessions_mode_check" CHECK ("recording_sessions"."mode" in ('screen', 'camera', 'screen+camera', 'import'));