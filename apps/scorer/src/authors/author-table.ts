import { authorProfileCodec, type AuthorProfile } from '@riptide/contracts';

/** A record of the compacted `authors` topic: a null value is a tombstone (the author was deleted). */
export interface AuthorRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
}

export interface AuthorRecordProblem {
  readonly key: string | null;
  readonly reason: string;
}

/**
 * The in-memory join side of the scorer: author id -> latest profile, as the compacted `authors`
 * topic holds it. Records are applied in offset order per partition; a later record for an id replaces
 * the earlier one and a tombstone removes it, so replaying the topic from its start rebuilds the table.
 */
export class AuthorTable {
  private readonly profiles = new Map<string, AuthorProfile>();

  get size(): number {
    return this.profiles.size;
  }

  get(authorId: string): AuthorProfile | null {
    return this.profiles.get(authorId) ?? null;
  }

  /** Applies records; returns the ones that could not be applied, with the reason, for the caller to report. */
  apply(records: readonly AuthorRecord[]): AuthorRecordProblem[] {
    const problems: AuthorRecordProblem[] = [];
    for (const record of records) {
      if (record.value === null) {
        if (record.key === null)
          problems.push({ key: null, reason: 'a tombstone without a key names no author' });
        else this.profiles.delete(record.key);
        continue;
      }
      const decoded = authorProfileCodec.decode(record.value);
      if (!decoded.ok) {
        problems.push({ key: record.key, reason: decoded.error.message });
        continue;
      }
      // The profile names its author; the key only routes it. Trust the value, which was validated.
      this.profiles.set(decoded.value.author_id, decoded.value);
    }
    return problems;
  }
}
