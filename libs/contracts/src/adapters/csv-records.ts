import { parse, type CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import { SourceFormatError } from './post-format';

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  /** Column name -> cell; a short row lacks its last columns. */
  cells: Record<string, string | undefined>;
}

/** Line breaks inside quoted cells, and how many of them are CRLF pairs. */
function lineBreaksIn(cells: Record<string, string | undefined>): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (const cell of Object.values(cells)) {
    if (cell === undefined) continue;
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) {
      breaks++;
      if (cell[at - 1] === '\r') crlf++;
    }
  }
  return { breaks, crlf };
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
  // csv-parse counts a CRLF inside a quoted cell as two lines; its count drifts by one per such pair.
  let overcount = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const { breaks, crlf } = lineBreaksIn(record);
      overcount += crlf;
      yield { line: info.lines - overcount - breaks, cells: record };
    }
  } catch (error) {
    if (error instanceof SourceFormatError) throw error;
    throw new SourceFormatError(`the ${layout} CSV cannot be parsed: ${(error as CsvError).message}`);
  }
}
