import { join, resolve } from 'node:path';
import { registerClassifierTier, type ClassifierTier } from '../tiers/classifier-tiers';
import { AccurateClassifier } from './accurate-classifier';
import { E5_MANIFEST_PATH, loadEncoderManifest, MINILM_MANIFEST_PATH } from './encoder-manifest';
import { TopLayersEmbedder } from '../top-layers/top-layers-embedder';
import { topLayersOfManifest } from '../top-layers/top-layers-manifest';
import type { TextEmbedder } from './embedding-cache';
import { SentenceEmbedder } from './sentence-embedder';

/** An accurate tier: a sentence encoder and the two mixed heads trained on its embeddings. */
export interface EncoderTierSpec {
  readonly name: string;
  readonly description: string;
  /** The encoder's manifest (fetched by `riptide models fetch`). */
  readonly encoderManifest: string;
  /** Folder of the committed heads. */
  readonly headsDir: string;
  readonly headIds: { readonly sentiment: string; readonly stance: string };
  /** Version `riptide models train-accurate` gives the heads it writes. */
  readonly headsVersion: string;
}

const MODELS_ROOT = resolve(__dirname, '../../../../models');

/** all-MiniLM-L6-v2 (the design's accurate tier): models/accurate. */
export const ACCURATE_TIER: EncoderTierSpec = {
  name: 'accurate',
  description:
    'all-MiniLM-L6-v2 sentence embeddings stacked with hashed n-grams (models/accurate), hundreds of posts/s per core',
  encoderManifest: MINILM_MANIFEST_PATH,
  headsDir: join(MODELS_ROOT, 'accurate'),
  headIds: { sentiment: 'sentiment-accurate', stance: 'stance-accurate' },
  headsVersion: '0.4.0',
};

/** E5-small-v2: twice MiniLM's layers, higher scores on train, slower (docs/models.md). */
export const ACCURATE_E5_TIER: EncoderTierSpec = {
  name: 'accurate-e5',
  description:
    'E5-small-v2 sentence embeddings stacked with hashed n-grams (models/accurate-e5): higher scores on train than accurate, at about 0.7-0.8 of its speed',
  encoderManifest: E5_MANIFEST_PATH,
  headsDir: join(MODELS_ROOT, 'accurate-e5'),
  headIds: { sentiment: 'sentiment-accurate-e5', stance: 'stance-accurate-e5' },
  headsVersion: '0.2.0',
};

export const ENCODER_TIERS: readonly EncoderTierSpec[] = [ACCURATE_TIER, ACCURATE_E5_TIER];

export function encoderTierSpec(name: string): EncoderTierSpec {
  const spec = ENCODER_TIERS.find((tier) => tier.name === name);
  if (!spec)
    throw new Error(
      `tier: "${name}" is not a sentence-encoder tier; choose one of ${ENCODER_TIERS.map((t) => t.name).join(', ')}`,
    );
  return spec;
}

/** A loaded sentence-encoder tier: its encoder, both heads, and what the sentiment head reads. */
export interface EncoderTierModels {
  /** The encoder's general-purpose embedding (stance head, near-duplicate keys). */
  readonly embedder: TextEmbedder;
  readonly sentiment: AccurateClassifier;
  readonly stance: AccurateClassifier;
  /** The embedder the sentiment head reads: `embedder`, or its own fine-tuned top layers. */
  readonly sentimentEmbedder: TextEmbedder;
  close(): Promise<void>;
}

/**
 * Loads a tier's encoder and heads. A sentiment head whose manifest has a `topLayers` block reads a
 * TopLayersEmbedder, and the general embedding comes from that embedder's `general` view, so the
 * encoder's lower layers run once for texts both heads score; otherwise both heads share one
 * SentenceEmbedder. Needs the encoder fetched by `riptide models fetch`; loading fails with that hint otherwise.
 */
export async function loadEncoderTierModels(
  spec: EncoderTierSpec,
  options: { readonly headsDir?: string; readonly threads?: number } = {},
): Promise<EncoderTierModels> {
  const dir = options.headsDir ?? spec.headsDir;
  const threads = options.threads ?? 1;
  const manifest = loadEncoderManifest(spec.encoderManifest);
  const sentimentPath = join(dir, `${spec.headIds.sentiment}.json`);
  const topLayers = topLayersOfManifest(sentimentPath);
  const encoder = topLayers
    ? await TopLayersEmbedder.load(manifest, topLayers, { threads })
    : await SentenceEmbedder.load(manifest, { threads });
  const embedder = encoder instanceof TopLayersEmbedder ? encoder.general : encoder;
  const [sentiment, stance] = await Promise.all([
    AccurateClassifier.load(sentimentPath, encoder, threads),
    AccurateClassifier.load(join(dir, `${spec.headIds.stance}.json`), embedder, threads),
  ]);
  return {
    embedder,
    sentiment,
    stance,
    sentimentEmbedder: encoder,
    async close() {
      await Promise.all([sentiment.close(), stance.close(), encoder.release()]);
    },
  };
}

/** A tier that scores with loadEncoderTierModels' heads. */
export function encoderTier(spec: EncoderTierSpec): ClassifierTier {
  return {
    name: spec.name,
    description: spec.description,
    async load(options = {}) {
      const { sentiment, stance } = await loadEncoderTierModels(spec, {
        headsDir: options.modelsDir,
        threads: options.intraOpThreads,
      });
      return { sentiment, stance };
    },
  };
}

for (const spec of ENCODER_TIERS) registerClassifierTier(encoderTier(spec));
