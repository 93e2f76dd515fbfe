ALTER TABLE "processing_jobs" ADD COLUMN "boss_id" uuid;--> statement-breakpoint
CREATE INDEX "processing_jobs_boss_idx" ON "processing_jobs" USING btree ("boss_id");