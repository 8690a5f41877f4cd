import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';

/** Arbitrary, fixed; distinct from the migrations' lock. */
const EVIDENCE_LOCK = 1_871_802_019;

/**
 * Makes the writers of evidence edges and the erasers of deleted posts take turns, until their
 * transaction ends. Without it, at READ COMMITTED, an edge batch that found its post not yet deleted
 * and a deletion that found the edge not yet stored would both commit, leaving an edge naming a deleted
 * post; and two deletions erasing edges of one object would each see the other's edge still there and
 * leave its coordinated share counted. Edges come through one partition and deletions are small, so
 * the wait is short.
 */
export async function lockEvidence(db: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${EVIDENCE_LOCK})`.execute(db);
}
