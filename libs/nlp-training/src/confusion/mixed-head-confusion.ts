import { readTaskExamples, type TaskExamples } from '../data/task-examples';
import {
  type AccurateClassifier,
  denseInputWidth,
  writeDenseInput,
  embedWithCache,
  rowOf,
  type TextEmbedder,
  HashedFeaturiser,
  type ModelManifest,
  type ConfusionFileJson,
} from '@riptide/nlp';
import { mixedProbabilities } from '../embeddings/mixed-head-graph';
import {
  fitDense,
  fitSparse,
  type MixedHeadRecipe,
  type MixedHeadTrainingData,
} from '../embeddings/train-mixed-head';
import { roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import { assignFolds, rowsWhere } from '../train/out-of-fold';
import { manifestSettings, shippedSparseRecipe } from './manifest-settings';
import { outOfFoldConfusionFile, type ConfusionProgress } from './out-of-fold-confusion';

/**
 * The out-of-fold confusion of a committed accurate-tier mixed head whose dense part is a linear
 * layer on the frozen embedding (the stance heads): the recipe is read back from the head's
 * manifest (hashed-model and linear-layer settings, mixing weight, seed, folds), the training
 * split is embedded as train-accurate-tier.ts embedded it (one target file at a time, so batches
 * and the cache entries are the same), and per fold both parts are refitted on the other folds,
 * the n-gram weights rounded to float16 as the export stores them, and mixed at the shipped
 * weight. Heads on fine-tuned top layers (the sentiment heads) are topLayersHeadConfusion's.
 */
export async function mixedHeadConfusion(
  head: AccurateClassifier,
  embedder: TextEmbedder,
  options: {
    readonly dataDir: string;
    readonly cacheDir: string;
    readonly onProgress?: ConfusionProgress;
  },
): Promise<ConfusionFileJson> {
  const progress = options.onProgress ?? (() => undefined);
  const { manifest, embedding: block } = head;
  const source = `${manifest.id}.json`;
  const recipe = mixedHeadRecipe(manifest);
  if (block.encoder !== embedder.modelId)
    throw new Error(`${source}: embedding.encoder: trained on ${block.encoder}, given ${embedder.modelId}`);

  const train = readTaskExamples(options.dataDir, manifest.task, 'train');
  const embeddings = await embedLikeTraining(train, embedder, options.cacheDir, progress);
  const featuriser = new HashedFeaturiser(manifest.featuriser);
  const width = denseInputWidth(block);
  const dense = new Float32Array(train.texts.length * width);
  embeddings.forEach((vector, i) => writeDenseInput(block, vector, train.targets[i], dense, i * width));
  const data: MixedHeadTrainingData = {
    sparse: train.texts.map((text, i) => featuriser.featurise(text, train.targets[i])),
    dense: { count: train.texts.length, width, values: dense },
    labels: train.labels,
  };

  const classes = recipe.classes;
  const foldOf = assignFolds(train.texts.length, recipe.folds, recipe.seed);
  const probs = new Float64Array(train.texts.length * classes);
  const step = `${manifest.id}: fold models`;
  progress(step, 0, recipe.folds);
  for (let fold = 0; fold < recipe.folds; fold++) {
    const fitRows = rowsWhere(foldOf, (f) => f !== fold);
    const foldHead = {
      sparse: roundWeightsToFloat16(fitSparse(data, fitRows, recipe)),
      dense: fitDense(data, fitRows, recipe, 1),
      sparseWeight: recipe.sparseWeights[0],
    };
    for (const row of rowsWhere(foldOf, (f) => f === fold))
      probs.set(
        mixedProbabilities(foldHead, data.sparse[row], dense.subarray(row * width, (row + 1) * width)),
        row * classes,
      );
    progress(step, fold + 1, recipe.folds);
  }
  const { sparse, dense: linear } = recipe;
  return outOfFoldConfusionFile(
    manifest,
    train,
    { probs, folds: recipe.folds, seed: recipe.seed },
    `hashed n-grams (${sparse.epochs} epochs, learning rate ${sparse.learningRate}, L2 ${sparse.l2}, weights rounded to float16) mixed at weight ${recipe.sparseWeights[0]} with a linear layer on the ${block.encoder} embedding (${linear.kind === 'linear' ? `${linear.epochs} epochs, learning rate ${linear.learningRate}, L2 ${linear.l2}` : linear.kind})`,
  );
}

/** Embeddings of each text, embedded one target (or the whole sentiment file) at a time through the cache. */
async function embedLikeTraining(
  train: TaskExamples,
  embedder: TextEmbedder,
  cacheDir: string,
  progress: ConfusionProgress,
): Promise<Float32Array[]> {
  const vectors: Float32Array[] = new Array(train.texts.length);
  for (const target of new Set(train.targets)) {
    const rows = train.targets.flatMap((t, i) => (t === target ? [i] : []));
    const step = `embedding ${target ?? 'train'} (${embedder.modelId})`;
    const matrix = await embedWithCache(
      embedder,
      rows.map((i) => train.texts[i]),
      cacheDir,
      (done, total) => progress(step, done, total),
    );
    rows.forEach((i, j) => (vectors[i] = rowOf(matrix, j)));
  }
  return vectors;
}

/** The shipped head's recipe (linear layer on the frozen embedding) from its manifest. */
function mixedHeadRecipe(manifest: ModelManifest): MixedHeadRecipe {
  const settings = manifestSettings(manifest);
  if (
    manifest.training.dense === undefined ||
    (manifest.training.dense as { kind?: unknown }).kind !== 'linear'
  )
    throw new Error(
      `${manifest.id}.json: training.dense.kind: only heads with a linear layer on the frozen embedding are refitted per fold here`,
    );
  return {
    classes: manifest.labels.length,
    folds: settings.number('metrics.train_cross_validation.folds'),
    seed: settings.number('training.seed'),
    sparse: shippedSparseRecipe(settings),
    dense: {
      kind: 'linear',
      epochs: settings.number('training.dense.epochs'),
      learningRate: settings.number('training.dense.learningRate'),
      l2: settings.number('training.dense.l2'),
    },
    sparseWeights: [settings.number('training.sparse_weight')],
  };
}
