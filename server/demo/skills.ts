/**
 * Skill profiles for the demo accounts (server/start.ts DEMO_ACCOUNTS, and the embedded backend's
 * same-named accounts): arbitrators 1–3 are senior and take everything they took before routing;
 * arbitrator4, the newest, is junior (no serious kinds: the default rules of migration 14) and
 * Chinese-only, and has no decision history yet.
 */
import type { Kysely } from 'kysely';
import { QUEUES } from '@common/api';
import { COMPLAINT_KINDS, type SkillProfile } from '@common/domain';
import type { DB } from '../db/schema';

const ARBITRATOR_QUEUES = QUEUES.filter((q) => q !== 'escalations');

export const DEMO_SKILLS: Readonly<Record<string, SkillProfile>> = {
  arbitrator1: { kinds: COMPLAINT_KINDS, queues: ARBITRATOR_QUEUES, languages: ['zh-CN', 'en'], seniority: 'senior', tags: ['luxury'] },
  arbitrator2: { kinds: COMPLAINT_KINDS, queues: ARBITRATOR_QUEUES, languages: ['zh-CN'], seniority: 'senior', tags: [] },
  arbitrator3: { kinds: COMPLAINT_KINDS, queues: ARBITRATOR_QUEUES, languages: ['zh-CN', 'en'], seniority: 'senior', tags: ['livestream'] },
  arbitrator4: { kinds: COMPLAINT_KINDS, queues: ['merchant', 'consumer'], languages: ['zh-CN'], seniority: 'junior', tags: [] },
};

/** Demo accounts that start without decision history (a new hire). */
export const DEMO_WITHOUT_HISTORY: readonly string[] = ['arbitrator4'];

/** Gives the named demo accounts that exist their profile (the migration's default rules apply). */
export async function seedDemoSkills(db: Kysely<DB>, usernames: readonly string[]): Promise<number> {
  const wanted = usernames.filter((u) => DEMO_SKILLS[u]);
  if (wanted.length === 0) return 0;
  const users = await db.selectFrom('users').select(['id', 'username']).where('username', 'in', wanted).where('role', '=', 'arbitrator').execute();
  if (users.length === 0) return 0;
  await db
    .insertInto('arbitrator_skills')
    .values(
      users.map((u) => {
        const p = DEMO_SKILLS[u.username]!;
        return { user_id: u.id, kinds: JSON.stringify(p.kinds), queues: JSON.stringify(p.queues), languages: JSON.stringify(p.languages), seniority: p.seniority, tags: JSON.stringify(p.tags) };
      }),
    )
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return users.length;
}
