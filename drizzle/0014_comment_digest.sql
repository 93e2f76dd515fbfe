ALTER TABLE "comments" ADD COLUMN "notified_at" timestamp with time zone;--> statement-breakpoint
UPDATE "comments" SET "notified_at" = "created_at" WHERE "notified_at" IS NULL;