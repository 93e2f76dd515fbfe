ALTER TABLE "events" ADD CONSTRAINT "events_type_check" CHECK ("events"."type" in ('recording_completed', 'raw_video_uploaded', 'video_processed'));--> statement-breakpoint
ALTER TABLE "processing_jobs" ADD CONSTRAINT "processing_jobs_status_check" CHECK ("processing_jobs"."status" in ('queued', 'running', 'done', 'failed'));--> statement-breakpoint
ALTER TABLE "recording_sessions" ADD CONSTRAINT "recording_sessions_status_check" CHECK ("recording_sessions"."status" in ('preparing', 'recording', 'paused', 'stopped', 'cancelled'));--> statement-breakpoint
ALTER TABLE "recording_sessions" ADD CONSTRAINT "recording_sessions_mode_check" CHECK ("recording_sessions"."mode" in ('screen', 'camera', 'screen+camera'));--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_status_check" CHECK ("uploads"."status" in ('receiving', 'complete', 'terminated'));--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_ingest_status_check" CHECK ("uploads"."ingest_status" is null or "uploads"."ingest_status" in ('pending', 'running', 'done', 'failed', 'skipped'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin', 'member'));--> statement-breakpoint
ALTER TABLE "video_transcriptions" ADD CONSTRAINT "video_transcriptions_status_check" CHECK ("video_transcriptions"."status" in ('pending', 'running', 'done', 'no_audio', 'no_speech', 'failed'));--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_status_check" CHECK ("videos"."status" in ('uploading', 'processing', 'playable', 'ready', 'failed'));--> statement-breakpoint
ALTER TABLE "videos" ADD CONSTRAINT "videos_visibility_check" CHECK ("videos"."visibility" in ('private', 'link', 'public'));--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_status_check" CHECK ("webhook_deliveries"."status" in ('pending', 'delivered', 'failed'));