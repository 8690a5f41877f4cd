import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { jsonRecords } from './json-records';

async function read(...chunks: string[]) {
  const records = [];
  for await (const record of jsonRecords(Readable.from(chunks.map((chunk) => Buffer.from(chunk))))) {
    records.push(
      record.ok
        ? { line: record.line, value: record.value }
        : { line: record.line, error: record.error.message },
    );
  }
  return records;
}

it('reads NDJSON and multi-line documents across chunk borders, with start lines', async () => {
  expect(await read('{"a":1}\n\n{\n  "b": "}{",\n', '  "c": [1,\n    2]\n}\n[3]')).toEqual([
    { line: 1, value: { a: 1 } },
    { line: 3, value: { b: '}{', c: [1, 2] } },
    { line: 8, value: [3] },
  ]);
});

it('keeps a multi-byte character split between chunks whole', async () => {
  const bytes = Buffer.from('{"t":"é"}\n');
  const records = [];
  for await (const record of jsonRecords(Readable.from([bytes.subarray(0, 7), bytes.subarray(7)])))
    records.push(record);
  expect(records).toEqual([{ line: 1, ok: true, value: { t: 'é' } }]);
});

it('reports a truncated document at its start line and reads the record after it', async () => {
  expect(await read('{"a": [1,\n{"b":2}\n{"c":\n')).toEqual([
    { line: 1, error: 'the JSON document starting here was never closed (line 2 starts a new one)' },
    { line: 2, value: { b: 2 } },
    { line: 3, error: 'the JSON document starting here was never closed (the input ended)' },
  ]);
});

it('reports a line that breaks inside a string as invalid JSON, not as the start of a document', async () => {
  const [record, next] = await read('{"a":"open\n{"b":1}\n');
  expect(record).toMatchObject({ line: 1, error: expect.stringMatching(/^the message is not valid JSON: /) });
  expect(next).toEqual({ line: 2, value: { b: 1 } });
});
