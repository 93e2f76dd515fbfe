import { membershipsOf, signUp } from '@/lib/platform/accounts/service';
import type { Db } from '@/lib/platform/db/client';
import type { Viewer } from '@/lib/videos/policy';

let n = 0;
/** Creates an account directly through the auth service; the first one on a database is the admin. */
export async function makeUser(db: Db, name = 'Test'): Promise<Viewer & { userId: string; email: string }> {
  const u = await signUp(db, { email: `${name.toLowerCase()}-${Date.now()}-${n++}@example.com`, password: 'correct horse battery', name }, { signupOpen: true, ip: 'test', perAddressPerHour: 0 });
  return { userId: u.id, role: u.role, email: u.email, workspaces: await membershipsOf(db, u.id) };
}
