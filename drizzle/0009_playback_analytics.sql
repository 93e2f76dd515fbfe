CREATE TABLE "playback_events" (
	"id" bigserial NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"video_id" uuid NOT NULL,
	"playback_id" uuid NOT NULL,
	"type" text NOT NULL,
	"position" real DEFAULT 0 NOT NULL,
	"ranges" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"watched_ms" integer DEFAULT 0 NOT NULL,
	"rendition" text,
	"bitrate" integer,
	"stalls" integer DEFAULT 0 NOT NULL,
	"stall_ms" integer DEFAULT 0 NOT NULL,
	"rate" real DEFAULT 1 NOT NULL,
	CONSTRAINT "playback_events_id_at_pk" PRIMARY KEY("id","at"),
	CONSTRAINT "playback_events_type_check" CHECK ("playback_events"."type" in ('stream_start', 'stream_progress', 'stream_end'))
) PARTITION BY RANGE ("at");
--> statement-breakpoint
-- monthly partitions are made ahead by the rollup (lib/analytics/partitions.ts); anything else lands here
CREATE TABLE "playback_events_default" PARTITION OF "playback_events" DEFAULT;
--> statement-breakpoint
CREATE TABLE "playbacks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"video_id" uuid NOT NULL,
	"viewer_key" text,
	"user_id" uuid,
	"surface" text NOT NULL,
	"referrer_host" text,
	"browser" text,
	"os" text,
	"device" text,
	"dnt" boolean DEFAULT false NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbacks_surface_check" CHECK ("playbacks"."surface" in ('page', 'embed'))
);
--> statement-breakpoint
CREATE TABLE "video_daily_stats" (
	"video_id" uuid NOT NULL,
	"day" date NOT NULL,
	"starts" integer DEFAULT 0 NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"embed_views" integer DEFAULT 0 NOT NULL,
	"watch_ms" bigint DEFAULT 0 NOT NULL,
	"completion_sum" real DEFAULT 0 NOT NULL,
	"stall_ms" bigint DEFAULT 0 NOT NULL,
	"renditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"referrers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "video_daily_stats_video_id_day_pk" PRIMARY KEY("video_id","day")
);
--> statement-breakpoint
CREATE TABLE "video_retention" (
	"video_id" uuid NOT NULL,
	"day" date NOT NULL,
	"t" integer NOT NULL,
	"viewers" integer NOT NULL,
	CONSTRAINT "video_retention_video_id_day_t_pk" PRIMARY KEY("video_id","day","t")
);
--> statement-breakpoint
CREATE TABLE "video_viewer_days" (
	"video_id" uuid NOT NULL,
	"day" date NOT NULL,
	"viewer_key" text NOT NULL,
	"user_id" uuid,
	"watch_ms" bigint DEFAULT 0 NOT NULL,
	"seconds_seen" integer DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "video_viewer_days_video_id_day_viewer_key_pk" PRIMARY KEY("video_id","day","viewer_key")
);
--> statement-breakpoint
ALTER TABLE "playbacks" ADD CONSTRAINT "playbacks_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbacks" ADD CONSTRAINT "playbacks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_daily_stats" ADD CONSTRAINT "video_daily_stats_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_retention" ADD CONSTRAINT "video_retention_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_viewer_days" ADD CONSTRAINT "video_viewer_days_video_id_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_viewer_days" ADD CONSTRAINT "video_viewer_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "playback_events_video_at_idx" ON "playback_events" USING btree ("video_id","at");--> statement-breakpoint
CREATE INDEX "playbacks_video_idx" ON "playbacks" USING btree ("video_id","started_at");