/**
 * Search latency (issue: transcripts and search): p50/p95 of GET-equivalent searches over 10,000
 * synthetic transcripts (300 words each, Zipf-distributed vocabulary) for one owner who sees them
 * all, on PGlite and on PostgreSQL (when one answers at the test URL). Run: npm run bench:search
 */
import { createWorkspaceFor } from '../lib/platform/accounts/service';
import { sql } from 'drizzle-orm';
import { searchDocuments, users, videos } from '../lib/platform/db/schema';
import { searchVideos } from '../lib/library/search';
import { createTestDatabase, postgresAvailable } from '../tests/helpers/databases';

const DOCS = Number(process.argv.find((a) => a.startsWith('--docs='))?.slice(7) ?? 10_000);
const QUERIES = 300;

/** Deterministic pseudo-random numbers, so every run searches the same corpus. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'to', 'sha', 'vel', 'dor', 'pin', 'qua', 'ber', 'nix', 'sol', 'tar', 'ump', 'zel'];
function vocabulary(n: number, rand: () => number): string[] {
  const words = new Set<string>();
  while (words.size < n) {
    const k = 2 + Math.floor(rand() * 3); // 2–4 syllables: 16² + 16³ + 16⁴ words to draw from
    words.add(Array.from({ length: k }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join(''));
  }
  return [...words];
}

function zipfPicker(size: number, rand: () => number) {
  const weights = Array.from({ length: size }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (const w of weights) cdf.push((acc += w / total));
  return () => {
    const r = rand();
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

async function run(kind: 'pglite' | 'postgres') {
  const test = await createTestDatabase(kind);
  const database = await test.open();
  const db = database.db;
  try {
    const rand = rng(42);
    const vocab = vocabulary(5000, rand);
    const pick = zipfPicker(vocab.length, rand);
    const [owner] = await db.insert(users).values({ email: `bench-${Date.now()}@example.com`, name: 'Bench', passwordHash: 'x' }).returning();
    const workspaceId = await createWorkspaceFor(db, owner!.id, 'Bench');
    const viewer = { userId: owner!.id, role: 'member' as const, workspaces: { [workspaceId]: 'admin' as const } };
    const t0 = Date.now();
    for (let i = 0; i < DOCS; i += 500) {
      const batch = Array.from({ length: Math.min(500, DOCS - i) }, (_, j) => ({ title: `Meeting ${i + j} ${vocab[pick()]}`, ownerId: owner!.id, workspaceId, status: 'ready' as const }));
      const rows = await db.insert(videos).values(batch).returning({ id: videos.id, title: videos.title });
      await db.insert(searchDocuments).values(
        rows.map((r) => ({ videoId: r.id, ownerId: owner!.id, title: r.title, body: Array.from({ length: 300 }, () => vocab[pick()]).join(' ') })),
      );
    }
    await db.execute(sql`analyze`);
    const loadMs = Date.now() - t0;
    // queries: one or two words of middling frequency (ranks 50–2000), like what people remember
    const queries = Array.from({ length: QUERIES }, () => {
      const w = () => vocab[50 + Math.floor(rand() * 1950)]!;
      return rand() < 0.5 ? w() : `${w()} ${w()}`;
    });
    for (const q of queries.slice(0, 20)) await searchVideos(db, viewer, q); // warm-up
    const times: number[] = [];
    let hits = 0;
    for (const q of queries) {
      const t = performance.now();
      hits += (await searchVideos(db, viewer, q)).length;
      times.push(performance.now() - t);
    }
    console.log(
      `| ${kind} | ${DOCS} | ${(loadMs / 1000).toFixed(1)} s | ${pct(times, 0.5).toFixed(1)} ms | ${pct(times, 0.95).toFixed(1)} ms | ${pct(times, 0.99).toFixed(1)} ms | ${(hits / QUERIES).toFixed(1)} |`,
    );
  } finally {
    await database.close();
    await test.destroy();
  }
}

async function main() {
  const keepAlive = setInterval(() => undefined, 1000); // PGlite work alone holds no handle open
  console.log(`${QUERIES} searches (websearch_to_tsquery, ts_rank_cd, ts_headline, jump-to-time), top 20 each\n`);
  console.log('| database | documents | load | p50 | p95 | p99 | hits per query |\n|---|---|---|---|---|---|---|');
  await run('pglite');
  if (await postgresAvailable()) await run('postgres');
  else console.log('| postgres | — | not reachable | | | | |');
  clearInterval(keepAlive);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
