import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresUploadLocker } from '@/lib/record/uploads/locker';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/databases';

const pgUp = await postgresAvailable();

/** Two web nodes = two lockers on one PostgreSQL. */
describe.skipIf(!pgUp)('tus upload locks across web nodes [postgres]', () => {
  let test: TestDatabase;
  let nodeA: PostgresUploadLocker;
  let nodeB: PostgresUploadLocker;
  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    nodeA = new PostgresUploadLocker(test.url!, { acquireTimeoutMs: 3000 });
    nodeB = new PostgresUploadLocker(test.url!, { acquireTimeoutMs: 3000 });
    await Promise.all([nodeA.start(), nodeB.start()]);
  });
  afterAll(async () => {
    await nodeA?.close().catch(() => undefined);
    await nodeB?.close().catch(() => undefined);
    await test?.destroy();
  });

  it('a request on node B waits for the holder on node A, which is asked to let go', async () => {
    const onA = nodeA.newLock('up1');
    let asked = 0;
    await onA.lock(new AbortController().signal, async () => {
      asked++;
      await onA.unlock(); // the holder finishes its request when asked
    });
    const onB = nodeB.newLock('up1');
    const started = Date.now();
    await onB.lock(new AbortController().signal, () => undefined);
    expect(asked).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
    await onB.unlock();
  });

  it('a holder that does not let go keeps the upload: the other node gives up with a lock timeout', async () => {
    const onA = nodeA.newLock('up2');
    await onA.lock(new AbortController().signal, () => undefined);
    await expect(nodeB.newLock('up2').lock(new AbortController().signal, () => undefined)).rejects.toMatchObject({ status_code: 500 });
    await onA.unlock();
    const again = nodeB.newLock('up2');
    await again.lock(new AbortController().signal, () => undefined);
    await again.unlock();
  });

  it('a node that dies (its connections gone) frees its uploads at once', async () => {
    const dying = new PostgresUploadLocker(test.url!, { acquireTimeoutMs: 3000 });
    await dying.newLock('up3').lock(new AbortController().signal, () => undefined);
    await dying.sql.end({ timeout: 0 });
    const started = Date.now();
    const onB = nodeB.newLock('up3');
    await onB.lock(new AbortController().signal, () => undefined);
    expect(Date.now() - started).toBeLessThan(1000);
    await onB.unlock();
  });

  it('different uploads do not wait for each other', async () => {
    const x = nodeA.newLock('upX');
    const y = nodeB.newLock('upY');
    await x.lock(new AbortController().signal, () => undefined);
    await y.lock(new AbortController().signal, () => undefined);
    await x.unlock();
    await y.unlock();
  });
});
