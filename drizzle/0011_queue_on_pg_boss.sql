DROP INDEX "processing_jobs_claim_idx";--> statement-breakpoint
ALTER TABLE "processing_jobs" ALTER COLUMN "dedupe_key" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "processing_jobs_status_idx" ON "processing_jobs" USING btree ("status","kind");--> statement-breakpoint
ALTER TABLE "processing_jobs" DROP COLUMN "locked_by";--> statement-breakpoint
ALTER TABLE "processing_jobs" DROP COLUMN "locked_until";