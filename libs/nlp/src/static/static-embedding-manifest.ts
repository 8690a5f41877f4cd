import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export const STATIC_EMBEDDING_SCHEMA = 'riptide-static-embedding/v1';

/** A file beside the manifest, pinned by its checksum. */
export interface PinnedFile {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * The manifest of a static token-embedding table (`riptide models distill` writes it): one vector
 * per WordPiece vocabulary entry, already multiplied by the token's frequency weight, so that a
 * post's embedding is the normalised sum of its tokens' rows. The table is int8 with one float32
 * scale per row (`rows x dimensions` int8 values, then `rows` little-endian float32 scales).
 */
export interface StaticEmbeddingManifest {
  readonly schema: typeof STATIC_EMBEDDING_SCHEMA;
  /** What heads trained on these vectors name as their `embedding.encoder`. */
  readonly id: string;
  readonly description: string;
  readonly rows: number;
  readonly dimensions: number;
  /** `vocab.txt`: one piece per line, its line number its id (BERT uncased WordPiece). */
  readonly vocabulary: PinnedFile & { readonly unknownToken: string };
  readonly table: PinnedFile & { readonly encoding: 'int8-row-scaled' };
  /** How the table was made (encoder, corpus, reduction, weighting): free-form, for the model card. */
  readonly distillation: Readonly<Record<string, unknown>>;
}

/** The manifest and its two files' bytes, every checksum and size checked. */
export interface LoadedStaticEmbedding {
  readonly manifest: StaticEmbeddingManifest;
  readonly vocabularyLines: string[];
  /** `rows x dimensions` int8 values. */
  readonly values: Int8Array;
  /** One scale per row. */
  readonly scales: Float32Array;
}

export function loadStaticEmbedding(manifestPath: string): LoadedStaticEmbedding {
  const source = basename(manifestPath);
  const manifest = parseStaticEmbeddingManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), source);
  const read = (field: 'vocabulary' | 'table'): Buffer => {
    const pinned = manifest[field];
    const bytes = readFileSync(resolve(dirname(manifestPath), pinned.file));
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== pinned.sha256 || bytes.length !== pinned.bytes)
      throw new Error(
        `${source}: ${field}.sha256: ${pinned.file} has sha256 ${actual} (${bytes.length} bytes), the manifest expects ${pinned.sha256} (${pinned.bytes} bytes)`,
      );
    return bytes;
  };
  const vocabularyLines = read('vocabulary').toString('utf8').split('\n');
  if (vocabularyLines[vocabularyLines.length - 1] === '') vocabularyLines.pop();
  if (vocabularyLines.length !== manifest.rows)
    throw new Error(
      `${source}: rows: ${manifest.rows}, but the vocabulary has ${vocabularyLines.length} lines`,
    );
  const table = read('table');
  const cells = manifest.rows * manifest.dimensions;
  if (table.length !== cells + 4 * manifest.rows)
    throw new Error(
      `${source}: table.bytes: expected ${cells + 4 * manifest.rows} for ${manifest.rows} x ${manifest.dimensions}`,
    );
  // Copies: the scales' offset need not be 4-byte aligned in the file's buffer.
  const values = new Int8Array(table.buffer.slice(table.byteOffset, table.byteOffset + cells));
  const scales = new Float32Array(
    table.buffer.slice(table.byteOffset + cells, table.byteOffset + table.length),
  );
  return { manifest, vocabularyLines, values, scales };
}

export function parseStaticEmbeddingManifest(raw: unknown, source: string): StaticEmbeddingManifest {
  const fail = (field: string, problem: string): never => {
    throw new Error(`${source}: ${field}: ${problem}`);
  };
  if (typeof raw !== 'object' || raw === null) return fail('(file)', 'expected a JSON object');
  const json = raw as Record<string, unknown>;
  if (json.schema !== STATIC_EMBEDDING_SCHEMA) fail('schema', `expected "${STATIC_EMBEDDING_SCHEMA}"`);
  const text = (value: unknown, field: string) =>
    typeof value === 'string' && value.length > 0 ? value : fail(field, 'expected a non-empty string');
  const count = (value: unknown, field: string) =>
    Number.isInteger(value) && (value as number) > 0
      ? (value as number)
      : fail(field, 'expected a positive integer');
  const pinned = (value: unknown, field: string): PinnedFile => {
    if (typeof value !== 'object' || value === null) return fail(field, 'expected an object');
    const block = value as Record<string, unknown>;
    const sha256 = text(block.sha256, `${field}.sha256`);
    if (!/^[0-9a-f]{64}$/.test(sha256)) fail(`${field}.sha256`, 'expected 64 lower-case hex digits');
    return { file: text(block.file, `${field}.file`), sha256, bytes: count(block.bytes, `${field}.bytes`) };
  };
  const vocabulary = json.vocabulary as Record<string, unknown> | undefined;
  const table = json.table as Record<string, unknown> | undefined;
  if (table?.encoding !== 'int8-row-scaled') fail('table.encoding', 'expected "int8-row-scaled"');
  if (typeof json.distillation !== 'object' || json.distillation === null)
    fail('distillation', 'expected an object saying how the table was made');
  return {
    schema: STATIC_EMBEDDING_SCHEMA,
    id: text(json.id, 'id'),
    description: text(json.description, 'description'),
    rows: count(json.rows, 'rows'),
    dimensions: count(json.dimensions, 'dimensions'),
    vocabulary: {
      ...pinned(vocabulary, 'vocabulary'),
      unknownToken: text(vocabulary?.unknownToken, 'vocabulary.unknownToken'),
    },
    table: { ...pinned(table, 'table'), encoding: 'int8-row-scaled' },
    distillation: json.distillation as Record<string, unknown>,
  };
}
