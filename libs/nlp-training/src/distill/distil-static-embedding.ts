import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HfTokenizer,
  requireEncoderFiles,
  STATIC_EMBEDDING_SCHEMA,
  WordPieceTokenizer,
  FAST_TIER_FILES,
  type EncoderManifest,
  type StaticEmbeddingManifest,
} from '@riptide/nlp';
import { InferenceSession } from 'onnxruntime-node';
import { fitPrincipalComponents, projectRows } from './principal-components';
import type { DistillationRecipe } from './fast-tier-recipes';
import { quantiseRows, smoothInverseFrequencyWeights, weightRows } from './static-table';
import {
  contextualTokenSums,
  isolatedTokenVectors,
  shrunkTokenVectors,
  type DistilProgress,
} from './token-vectors';

export interface DistillationOptions {
  readonly encoder: EncoderManifest;
  /** Where the fetched encoder files are (default .local/models). */
  readonly modelsDir?: string;
  /** The corpus: train tweets only (token frequencies and contextual averages come from them). */
  readonly corpus: readonly string[];
  /** A line naming the corpus, for the manifest. */
  readonly corpusDescription: string;
  readonly outDir: string;
  readonly progress?: DistilProgress;
}

/** File names the distillation writes into its folder (models/fast). */
export function staticEmbeddingFiles(id: string) {
  return { manifest: FAST_TIER_FILES.staticEmbedding, vocabulary: `${id}.vocab.txt`, table: `${id}.i8` };
}

/**
 * Distils a static token-embedding table from a sentence encoder (Model2Vec, Tulkens & van Dongen
 * 2024, with the token vectors optionally averaged over a corpus): token vectors from the encoder,
 * PCA to `recipe.dimensions`, rows weighted by smooth inverse frequency on the corpus, int8 with a
 * scale per row. One onnxruntime thread and fixed batches, so the same inputs give the same bytes.
 * Writes the vocabulary, the table and their manifest into `outDir`.
 */
export async function distilStaticEmbedding(
  recipe: DistillationRecipe,
  options: DistillationOptions,
): Promise<StaticEmbeddingManifest> {
  const progress = options.progress ?? (() => undefined);
  const files = requireEncoderFiles(options.encoder, options.modelsDir);
  const tokenizerJson: unknown = JSON.parse(readFileSync(files.tokenizerPath, 'utf8'));
  const vocabulary = WordPieceTokenizer.vocabularyOfTokenizerJson(tokenizerJson);
  const special = { cls: vocabulary.indexOf('[CLS]'), sep: vocabulary.indexOf('[SEP]') };
  if (special.cls < 0 || special.sep < 0)
    throw new Error('tokenizer.json: no [CLS] / [SEP] in the vocabulary');
  const rows = vocabulary.length;
  const width = options.encoder.dimensions;
  const encoder = await InferenceSession.create(files.modelPath, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  let vectors: Float32Array;
  try {
    vectors = await isolatedTokenVectors(encoder, rows, width, special, progress);
    if (recipe.tokenVectors === 'contextual') {
      const sums = await contextualTokenSums(
        encoder,
        new HfTokenizer(tokenizerJson, options.encoder.maxTokens),
        options.corpus,
        rows,
        width,
        special,
        progress,
      );
      vectors = shrunkTokenVectors(sums, vectors, width, recipe.contextualPrior);
    }
  } finally {
    await encoder.release();
  }

  progress('principal components', 0, 1);
  const pca = fitPrincipalComponents(vectors, rows, width, recipe.dimensions);
  const table = projectRows(pca, vectors, rows);
  progress('principal components', 1, 1);
  // Frequencies counted with the serving tokeniser, so they are those of the ids the tier pools.
  const tokenizer = WordPieceTokenizer.fromVocabularyLines(vocabulary);
  const counts = new Float64Array(rows);
  const ids: number[] = [];
  for (const text of options.corpus) {
    for (const id of tokenizer.ids(text, ids)) counts[id]++;
    ids.length = 0;
  }
  weightRows(table, recipe.dimensions, smoothInverseFrequencyWeights(counts, recipe.frequencyWeight));

  mkdirSync(options.outDir, { recursive: true });
  const names = staticEmbeddingFiles(recipe.id);
  const pinned = (file: string, bytes: Uint8Array) => {
    writeFileSync(join(options.outDir, file), bytes);
    return { file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  };
  const explained = pca.variances.reduce((sum, v) => sum + v, 0);
  let total = 0;
  for (let d = 0; d < width; d++) {
    let mean = 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      mean += vectors[r * width + d];
      squares += vectors[r * width + d] ** 2;
    }
    total += squares / rows - (mean / rows) ** 2;
  }
  const manifest: StaticEmbeddingManifest = {
    schema: STATIC_EMBEDDING_SCHEMA,
    id: recipe.id,
    description: `static token vectors distilled from ${options.encoder.id} (${recipe.tokenVectors}), PCA to ${recipe.dimensions}, smooth-inverse-frequency weighted; a post's vector is the L2-normalised sum of its WordPiece tokens' rows`,
    rows,
    dimensions: recipe.dimensions,
    vocabulary: {
      ...pinned(names.vocabulary, Buffer.from(`${vocabulary.join('\n')}\n`, 'utf8')),
      unknownToken: '[UNK]',
    },
    table: { ...pinned(names.table, quantiseRows(table, recipe.dimensions)), encoding: 'int8-row-scaled' },
    distillation: {
      encoder: options.encoder.id,
      encoder_sha256: options.encoder.files.model.sha256,
      token_vectors:
        recipe.tokenVectors === 'isolated'
          ? 'each id alone as [CLS] id [SEP], mean of the three output vectors'
          : `output vectors averaged over the id's occurrences in the corpus, shrunk toward its isolated vector ([CLS] id [SEP]) with pseudo-count ${recipe.contextualPrior}`,
      corpus: options.corpusDescription,
      corpus_texts: options.corpus.length,
      pca: { components: recipe.dimensions, variance_kept: Math.round((explained / total) * 10000) / 10000 },
      weighting: `smooth inverse frequency a / (a + p), a = ${recipe.frequencyWeight}, p from the corpus (add-one smoothed)`,
      quantisation: 'int8, one float32 scale per row (max |value| / 127)',
    },
  };
  writeFileSync(join(options.outDir, names.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
