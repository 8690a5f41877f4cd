import { authorProfileCodec, type AuthorProfile } from '@riptide/contracts';

/** A record of the compacted `authors` topic: a null value is a tombstone (the author was deleted). */
export interface AuthorRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
}

/** A record that could not be applied, with a reason in the dead-letter shape (code, field, message). */
export interface AuthorRecordProblem<R extends AuthorRecord = AuthorRecord> {
  readonly record: R;
  readonly reason: { readonly code: string; readonly field: string | null; readonly message: string };
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
  apply<R extends AuthorRecord>(records: readonly R[]): AuthorRecordProblem<R>[] {
    const problems: AuthorRecordProblem<R>[] = [];
    for (const record of records) {
      if (record.value === null) {
        if (record.key === null)
          problems.push({
            record,
            reason: {
              code: 'keyless_tombstone',
              field: null,
              message: 'a tombstone without a key names no author',
            },
          });
        else this.profiles.delete(record.key);
        continue;
      }
      const decoded = authorProfileCodec.decode(record.value);
      if (!decoded.ok) {
        problems.push({ record, reason: decoded.error });
        continue;
      }
      // The profile names its author; the key only routes it. Trust the value, which was validated.
      this.profiles.set(decoded.value.author_id, decoded.value);
    }
    return problems;
  }
}
