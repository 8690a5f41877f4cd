import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StaticEmbedder } from './static-embedder';
import { STATIC_EMBEDDING_SCHEMA } from './static-embedding-manifest';

// A four-piece vocabulary of 2-d rows: [UNK] (0, 0.5), good (3, 0), bad (0, -4), ##s (1, 1), stored
// as the distillation stores them (int8 values, then one float32 scale per row).
const VOCABULARY = ['[UNK]', 'good', 'bad', '##s'];
const ROWS = [
  [0, 0.5],
  [3, 0],
  [0, -4],
  [1, 1],
];

function writeTable(dir: string, tamper = false): string {
  const values = new Int8Array(ROWS.length * 2);
  const scales = new DataView(new ArrayBuffer(4 * ROWS.length));
  ROWS.forEach((row, r) => {
    const scale = Math.max(...row.map(Math.abs)) / 127;
    scales.setFloat32(4 * r, scale, true);
    row.forEach((value, d) => (values[r * 2 + d] = Math.round(value / scale)));
  });
  const table = Buffer.concat([Buffer.from(values.buffer), Buffer.from(scales.buffer)]);
  const vocabulary = Buffer.from(`${VOCABULARY.join('\n')}\n`);
  const pin = (file: string, bytes: Buffer) => {
    writeFileSync(join(dir, file), bytes);
    return { file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  };
  const manifest = {
    schema: STATIC_EMBEDDING_SCHEMA,
    id: 'test-static',
    description: 'a test table',
    rows: ROWS.length,
    dimensions: 2,
    vocabulary: { ...pin('t.vocab.txt', vocabulary), unknownToken: '[UNK]' },
    table: { ...pin('t.i8', table), encoding: 'int8-row-scaled' },
    distillation: { method: 'by hand' },
  };
  if (tamper) writeFileSync(join(dir, 't.i8'), Buffer.alloc(table.length));
  writeFileSync(join(dir, 'm.json'), JSON.stringify(manifest));
  return join(dir, 'm.json');
}

describe('StaticEmbedder', () => {
  const embedder = StaticEmbedder.load(writeTable(mkdtempSync(join(tmpdir(), 'static-'))));

  it('pools a text as the normalised sum of its pieces’ rows, unknown words as [UNK]', () => {
    expect(embedder.modelId).toBe('test-static');
    expect(embedder.dimensions).toBe(2);
    // good + bad = (3, -4), length 5
    const [a, b] = embedder.embedOne('Good BAD');
    expect([a, b].map((x) => +x.toFixed(5))).toEqual([0.6, -0.8]);
    // goods = good + ##s = (4, 1); "zzz" is [UNK] = (0, 0.5): (4, 1.5)
    const pooled = embedder.embedOne('goods zzz');
    const norm = Math.hypot(4, 1.5);
    expect(pooled[0]).toBeCloseTo(4 / norm, 2);
    expect(pooled[1]).toBeCloseTo(1.5 / norm, 2);
  });

  it('gives a zero vector to a text without tokens', () => {
    expect([...embedder.embedOne('   ')]).toEqual([0, 0]);
  });

  it('reuses the vectors of the previous call for the texts it repeats, in order', async () => {
    const first = await embedder.embed(['good', 'bad']);
    const second = await embedder.embed(['bad', 'goods']);
    expect(second[0]).toBe(first[1]);
    expect(second[1]).not.toBe(first[0]);
    expect((await embedder.embed(['good']))[0]).not.toBe(first[0]); // only the last call is remembered
  });

  it('refuses a table whose checksum differs from its manifest', () => {
    const path = writeTable(mkdtempSync(join(tmpdir(), 'static-')), true);
    expect(() => StaticEmbedder.load(path)).toThrow(/table.sha256: t.i8 has sha256/);
  });
});
