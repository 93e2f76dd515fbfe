ALTER TABLE "videos" ADD COLUMN "auto_title" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "videos" SET "auto_title" = true WHERE "title" ~ '^Recording [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC$';
