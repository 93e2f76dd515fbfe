import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../platform/db/client';
import { WeftError } from '../platform/errors';
import { visibleVideosWhere, type Viewer } from '../videos/policy';
import type { VideoId } from '../shared/api/enums';

export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  videoId: VideoId;
  title: string;
  rank: number;
  /** Where the words were said first (seconds), for a jump-to-time link; null for title-only hits. */
  atSec: number | null;
  snippet: SnippetPart[];
}

const START = '\u0002';
const STOP = '\u0003';

/** Pure: splits ts_headline output (marked with STX/ETX) into plain and highlighted parts. */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of headline.split(START)) {
    const [hit, rest] = piece.includes(STOP) ? piece.split(STOP) : [null, piece];
    if (hit) parts.push({ text: hit, hit: true });
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts;
}

interface Row {
  video_id: string;
  title: string;
  rank: number | string;
  at: number | string | null;
  comment_at: number | string | null;
  headline: string;
}

/**
 * Full-text search over titles (weight A) and transcripts, summaries and comments (B) with Postgres: websearch syntax
 * ("quoted phrases", -exclusions, or), ranked by ts_rank_cd, snippets by ts_headline. The caller
 * finds their own videos and public ones (an admin: all).
 */
export async function searchVideos(db: DbOrTx, viewer: Viewer, q: string, limit = 20, within: SQL = sql`true`): Promise<SearchHit[]> {
  const query = q.trim();
  if (!query) throw new WeftError('validation_failed', 'Type something to search for.');
  if (query.length > 200) throw new WeftError('validation_failed', 'Searches are at most 200 characters.');
  const rows = await queryRows<Row>(
    db,
    // rank every match, but make snippets and jump-to-time only for the page of results shown
    sql`with q as (select websearch_to_tsquery('english', ${query}) as query),
        top as (
          select d.video_id, d.title, d.body, ts_rank_cd(d.tsv, q.query) as rank, v.created_at
          from search_documents d
          cross join q
          join videos v on v.id = d.video_id
          where d.tsv @@ q.query and v.deleted_at is null
            and ${visibleVideosWhere(viewer)} and ${within}
          order by rank desc, v.created_at desc
          limit ${Math.max(1, Math.min(50, limit))}
        )
        select top.video_id::text as video_id, top.title, top.rank,
          (select (seg->>'start')::float8
             from video_transcriptions t, jsonb_array_elements(t.segments) seg
            where t.video_id = top.video_id and to_tsvector('english', seg->>'text') @@ q.query
            order by (seg->>'start')::float8 limit 1) as at,
          (select c.at_sec from comments c
            where c.video_id = top.video_id and to_tsvector('english', c.text) @@ q.query
            order by c.at_sec limit 1) as comment_at,
          ts_headline('english', case when top.body = '' then top.title else top.body end, q.query,
            ${`StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`}) as headline
        from top
        cross join q
        order by top.rank desc, top.created_at desc`,
  );
  return rows.map((r) => ({
    videoId: r.video_id as VideoId, // read from the database: a video's id
    title: r.title,
    rank: Number(r.rank),
    // where the words are said, else where they were commented on
    atSec: r.at !== null ? Number(r.at) : r.comment_at !== null ? Number(r.comment_at) : null,
    snippet: snippetParts(r.headline),
  }));
}
