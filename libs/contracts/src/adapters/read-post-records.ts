import { adaptJetstreamEvent } from './bluesky-jetstream';
import { adaptCoortweetRow, COORTWEET_COLUMNS } from './coortweet-csv';
import { csvRecords, type CsvRecord } from './csv-records';
import { jsonRecords } from './json-records';
import { adaptPostObject } from './post-ndjson';
import {
  POST_FORMATS,
  SourceFormatError,
  type AdaptedRecord,
  type AdaptResult,
  type PostFormat,
} from './post-format';
import { adaptQutRow, QUT_COLUMNS } from './qut-csv';
import { adaptTwitterV2 } from './twitter-v2';

type JsonAdapter = (value: unknown) => Iterable<AdaptResult>;

const JSON_ADAPTERS: Partial<Record<PostFormat, JsonAdapter>> = {
  'twitter-v2': adaptTwitterV2,
  bluesky: (event) => [adaptJetstreamEvent(event)],
  post: adaptPostObject,
};

const CSV_ADAPTERS: Partial<
  Record<PostFormat, { columns: readonly string[]; adapt: (row: CsvRecord) => AdaptResult }>
> = {
  coortweet: { columns: COORTWEET_COLUMNS, adapt: adaptCoortweetRow },
  qut: { columns: QUT_COLUMNS, adapt: adaptQutRow },
};

async function* adaptJson(
  source: AsyncIterable<Buffer | string>,
  adapt: JsonAdapter,
): AsyncGenerator<AdaptedRecord> {
  for await (const record of jsonRecords(source)) {
    if (!record.ok) {
      yield { line: record.line, result: { ok: false, error: record.error } };
      continue;
    }
    // One line may hold many posts (a Twitter response page): they share its line number.
    for (const result of adapt(record.value)) yield { line: record.line, result };
  }
}

/**
 * Streams the records of a source as Posts, one result per record, never holding the whole source.
 * Throws SourceFormatError when the source as a whole is not in `format` (e.g. a wrong CSV header).
 */
export async function* readPostRecords(
  format: PostFormat,
  source: AsyncIterable<Buffer | string>,
): AsyncIterable<AdaptedRecord> {
  const json = JSON_ADAPTERS[format];
  if (json) {
    yield* adaptJson(source, json);
    return;
  }
  const csv = CSV_ADAPTERS[format];
  if (!csv)
    throw new SourceFormatError(
      `unknown format ${JSON.stringify(format)}: use one of ${POST_FORMATS.join(', ')}`,
    );
  for await (const row of csvRecords(source, format, csv.columns))
    yield { line: row.line, result: csv.adapt(row) };
}
