/**
 * Speaker notes, one set per draft (pure; /record keeps them in localStorage). The current draft is
 * the recording being prepared; when it is made, its notes stay with its video (to read again or
 * record it over) and a new, empty draft becomes current.
 */
export interface NotesDraft {
  id: string;
  title: string;
  text: string;
  updatedAt: number;
  /** The video these notes were recorded with; null for the draft being prepared. */
  videoId: string | null;
}

export interface NotesStore {
  drafts: NotesDraft[];
  current: string;
}

export const NOTES_KEY = 'weft.speaker-notes';
export const MAX_DRAFTS = 30;
const NEXT_TITLE = 'Next recording';

function fresh(now: number): NotesDraft {
  return { id: `d-${now.toString(36)}`, title: NEXT_TITLE, text: '', updatedAt: now, videoId: null };
}

export function parseNotes(raw: unknown, now = Date.now()): NotesStore {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const drafts: NotesDraft[] = [];
  for (const d of Array.isArray(r.drafts) ? r.drafts : []) {
    if (!d || typeof d !== 'object') continue;
    const x = d as Record<string, unknown>;
    if (typeof x.id !== 'string' || !/^[\w-]{1,64}$/.test(x.id) || drafts.some((y) => y.id === x.id)) continue;
    drafts.push({
      id: x.id,
      title: typeof x.title === 'string' && x.title.trim() ? x.title.slice(0, 120) : NEXT_TITLE,
      text: typeof x.text === 'string' ? x.text.slice(0, 20_000) : '',
      updatedAt: typeof x.updatedAt === 'number' ? x.updatedAt : 0,
      videoId: typeof x.videoId === 'string' ? x.videoId.slice(0, 64) : null,
    });
    if (drafts.length >= MAX_DRAFTS) break;
  }
  // there is always a draft being prepared
  if (!drafts.some((d) => d.videoId === null)) drafts.unshift(fresh(now));
  const current = typeof r.current === 'string' && drafts.some((d) => d.id === r.current) ? r.current : drafts.find((d) => d.videoId === null)!.id;
  return { drafts, current };
}

/** The draft being prepared was recorded as `videoId`: it keeps its notes under that title; a new draft begins. */
export function addDraftFor(s: NotesStore, videoId: string, title: string, now: number): NotesStore {
  const open = s.drafts.find((d) => d.videoId === null);
  if (!open) return s;
  const done: NotesDraft = { ...open, videoId, title: `Notes of “${title.slice(0, 100)}”`, updatedAt: now };
  const next = fresh(now);
  // drafts recorded without a word of notes are not worth keeping
  const kept = open.text.trim() ? [done] : [];
  const drafts = [next, ...kept, ...s.drafts.filter((d) => d.id !== open.id)].slice(0, MAX_DRAFTS);
  return { drafts, current: next.id };
}
