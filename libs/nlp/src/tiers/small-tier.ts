import { join, resolve } from 'node:path';
import { OnnxLinearClassifier } from '../inference/onnx-linear-classifier';
import { registerClassifierTier, type ClassifierTier } from './classifier-tiers';

/** The committed small models: models/small at the repository root (this file is libs/nlp/src/tiers). */
export const SMALL_MODELS_DIR = resolve(__dirname, '../../../../models/small');

/** The file names (and ids) of the two small models, which `riptide train models` writes. */
export const SMALL_MODEL_IDS = { sentiment: 'sentiment-small', stance: 'stance-small' } as const;

/** The hashed n-gram linear models trained by `riptide train models`. */
export const smallTier: ClassifierTier = {
  name: 'small',
  description:
    'hashed word and character n-gram linear models (models/small), tens of thousands of posts/s on one core',
  async load(options = {}) {
    const dir = options.modelsDir ?? SMALL_MODELS_DIR;
    const inference = { intraOpThreads: options.intraOpThreads };
    const [sentiment, stance] = await Promise.all([
      OnnxLinearClassifier.load(join(dir, `${SMALL_MODEL_IDS.sentiment}.json`), inference),
      OnnxLinearClassifier.load(join(dir, `${SMALL_MODEL_IDS.stance}.json`), inference),
    ]);
    return { sentiment, stance };
  },
};

registerClassifierTier(smallTier);
