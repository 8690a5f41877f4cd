import { parse, type CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import { SourceFormatError } from './post-format';

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  /** Column name -> cell; a short row lacks its last columns. */
  cells: Record<string, string | undefined>;
}

function newlinesIn(cells: Record<string, string | undefined>): number {
  let count = 0;
  for (const cell of Object.values(cells)) {
    if (cell === undefined) continue;
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) count++;
  }
  return count;
}

/**
 * Streams the rows of a CSV file with a header, as objects keyed by column name. The header must
 * name every column in `required`, or the whole source is refused: a wrong layout would otherwise
 * show up as the same error on every row. Broken quoting is also refused, because csv-parse cannot
 * resynchronise after it and every later row would be wrong.
 */
export async function* csvRecords(
  source: AsyncIterable<Buffer | string>,
  layout: string,
  required: readonly string[],
): AsyncGenerator<CsvRecord> {
  const parser = Readable.from(source).pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n'],
      columns: (header: string[]) => {
        const missing = required.filter((column) => !header.includes(column));
        if (missing.length > 0) {
          throw new SourceFormatError(
            `the ${layout} CSV header must name the columns ${required.join(', ')}; ` +
              `missing ${missing.join(', ')} (header: ${header.join(',')})`,
          );
        }
        return header;
      },
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: info.lines - newlinesIn(record), cells: record };
    }
  } catch (error) {
    if (error instanceof SourceFormatError) throw error;
    throw new SourceFormatError(`the ${layout} CSV cannot be parsed: ${(error as CsvError).message}`);
  }
}
