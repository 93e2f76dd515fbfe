ALTER TABLE "uploads" ADD COLUMN "ingest_status" text;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "ingest_version" text;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "ingest_rendition" text;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "ingest_mode" text;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "ingest_error" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "preview_key" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "storyboard_key" text;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "playable_at" timestamp with time zone;