import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { videos } from '@/lib/platform/db/schema';
import { analyzeAndStore } from '@/lib/process/analysis/service';
import { createRecording } from '@/lib/record/session/service';
import { finishTranscription, startTranscription } from '@/lib/process/transcripts/service';
import { updateVideo } from '@/lib/library/sharing';
import type { Db } from '@/lib/platform/db/client';
import type { VideoId } from '@/lib/shared/api/enums';
import { describeOnBothDatabases } from '../helpers/backends';
import { makeUser } from '../helpers/users';

/** Default titles: a stand-in (a date, a tab's title) until the transcript suggests one; the owner's own title stays. */
const SAID = [
  'Today we review the quarterly budget for the marketing team.',
  'The marketing budget grows by ten percent next quarter.',
  'The budget review ends with the hiring plan for the marketing team.',
];

async function transcribe(db: Db, videoId: VideoId): Promise<void> {
  await startTranscription(db, videoId, 'v1');
  await finishTranscription(db, videoId, 'v1', {
    status: 'done',
    segments: SAID.map((text, i) => ({ start: i * 5, end: i * 5 + 5, text })),
    language: 'en',
    audioSeconds: 15,
  });
}

const titleOf = async (db: Db, id: VideoId) => (await db.select({ t: videos.title, auto: videos.autoTitle }).from(videos).where(eq(videos.id, id)))[0]!;

describeOnBothDatabases('stand-in titles', (get) => {
  it('a recording without a title, or with the recorder’s stand-in, takes the suggested title once; a chosen title stays', async () => {
    const { db } = get();
    const owner = await makeUser(db, 'Owner');
    const plain = await createRecording(db, owner.userId, {});
    expect(await titleOf(db, plain.videoId)).toMatchObject({ t: expect.stringMatching(/^Recording, \w{3} \d+, \d{4}, \d+:\d\d [AP]M UTC$/), auto: true });
    const tab = await createRecording(db, owner.userId, { title: 'Q3 budget — Google Sheets', autoTitle: true });
    const chosen = await createRecording(db, owner.userId, { title: 'Budget walkthrough for Ana' });
    const renamed = await createRecording(db, owner.userId, { title: 'Recording, Dec 7, 2026, 9:14 AM', autoTitle: true });
    await updateVideo(db, renamed.videoId, owner, { title: 'My own name for it' });

    for (const r of [plain, tab, chosen, renamed]) {
      await transcribe(db, r.videoId);
      await analyzeAndStore(db, r.videoId);
    }
    const suggested = (await titleOf(db, plain.videoId)).t;
    expect(suggested).toMatch(/budget|marketing/i);
    expect(await titleOf(db, tab.videoId)).toEqual({ t: suggested, auto: false });
    expect(await titleOf(db, chosen.videoId)).toEqual({ t: 'Budget walkthrough for Ana', auto: false });
    expect(await titleOf(db, renamed.videoId)).toEqual({ t: 'My own name for it', auto: false });

    // a later analysis (a new language, a refinement) does not rename it again
    await db.update(videos).set({ title: 'Renamed after the suggestion' }).where(eq(videos.id, plain.videoId));
    await analyzeAndStore(db, plain.videoId);
    expect((await titleOf(db, plain.videoId)).t).toBe('Renamed after the suggestion');
  });
});
