import { readTaskExamples } from '../data/task-examples';
import {
  type AccurateClassifier,
  denseInputWidth,
  writeDenseInput,
  type EncoderManifest,
  HashedFeaturiser,
  TopLayersEmbedder,
  type ConfusionFileJson,
} from '@riptide/nlp';
import { mixedProbabilities, type MixedHead } from '../embeddings/mixed-head-graph';
import { fitSparse } from '../embeddings/train-mixed-head';
import { buildTopLayersServingGraph } from '../finetune/top-layers-graph';
import { topLayersStart } from '../finetune/top-layers-start';
import { trainTopLayers } from '../finetune/train-top-layers';
import { roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import { balancedClassWeights } from '../train/class-weights';
import { assignFolds, rowsWhere } from '../train/out-of-fold';
import { manifestSettings, shippedSparseRecipe } from './manifest-settings';
import { outOfFoldConfusionFile, type ConfusionProgress } from './out-of-fold-confusion';

/**
 * The confusion of a committed accurate-tier head whose dense part is the encoder's top layers
 * fine-tuned with a linear classifier (the sentiment heads), from folds held out of its training
 * split. Per fold, as the shipped head was trained on all of train: the layers tuned from the
 * encoder's own weights for the shipped epoch count and settings (read back from the manifest),
 * the n-gram model refitted (float16 weights), the held-out texts embedded through the served path
 * (the tuned layers exported as int8, TopLayersEmbedder), mixed at the shipped weight. Fine-tuning
 * costs minutes per epoch, so `foldsToPredict` (default 1: fold 0, the fold the recipe itself held
 * out for its choices) says how many of the folds get a model; the file says which.
 */
export async function topLayersHeadConfusion(
  head: AccurateClassifier,
  encoder: EncoderManifest,
  options: {
    readonly dataDir: string;
    readonly cacheDir: string;
    readonly foldsToPredict?: number;
    readonly onProgress?: ConfusionProgress;
  },
): Promise<ConfusionFileJson> {
  const progress = options.onProgress ?? (() => undefined);
  const { manifest, embedding: block } = head;
  const settings = manifestSettings(manifest);
  const classes = manifest.labels.length;
  const seed = settings.number('training.seed');
  const folds = settings.number('training.dense.folds');
  const foldsToPredict = options.foldsToPredict ?? 1;
  if (!Number.isInteger(foldsToPredict) || foldsToPredict < 1 || foldsToPredict > folds)
    throw new Error(`foldsToPredict: expected an integer in 1..${folds}, got ${foldsToPredict}`);
  const tuning = {
    epochs: settings.number('training.dense.epochs'),
    learningRate: settings.number('training.dense.learningRate'),
    warmupFraction: settings.number('training.dense.warmupFraction'),
    weightDecay: settings.number('training.dense.weightDecay'),
    batchSize: settings.number('training.dense.batchSize'),
  };
  const sparseRecipe = { classes, seed, sparse: shippedSparseRecipe(settings) };
  const sparseWeight = settings.number('training.sparse_weight');

  const train = readTaskExamples(options.dataDir, manifest.task, 'train');
  const start = await topLayersStart(
    encoder,
    settings.number('training.dense.layers'),
    classes,
    train.texts,
    { cacheDir: options.cacheDir, threads: 1, onProgress: progress },
  );
  const featuriser = new HashedFeaturiser(manifest.featuriser);
  const sparseRows = train.texts.map((text) => featuriser.featurise(text));
  const foldOf = assignFolds(train.texts.length, folds, seed);
  const predictedFolds = Array.from({ length: foldsToPredict }, (_, fold) => fold);
  const heldRows = rowsWhere(foldOf, (fold) => fold < foldsToPredict);
  const positionOf = new Map(heldRows.map((row, position) => [row, position]));
  const probs = new Float64Array(heldRows.length * classes);
  const width = denseInputWidth(block);
  for (const fold of predictedFolds) {
    const fitRows = rowsWhere(foldOf, (f) => f !== fold);
    const tuned = await trainTopLayers(start.states, fitRows, train.labels, {
      spec: start.spec,
      initial: start.initial,
      ...tuning,
      classWeights: balancedClassWeights(
        Int32Array.from(fitRows, (row) => train.labels[row]),
        classes,
      ),
      seed,
      threads: 1,
      onProgress: (done, total) =>
        progress(`${manifest.id}: fold ${fold} tuning the top layers`, done, total),
    });
    const foldHead: MixedHead = {
      sparse: roundWeightsToFloat16(
        fitSparse({ sparse: sparseRows, labels: train.labels }, fitRows, sparseRecipe),
      ),
      dense: {
        kind: 'linear',
        linear: {
          dimensions: start.spec.shape.hidden,
          classes,
          weights: tuned.get('classifier.weight') as Float32Array,
          bias: tuned.get('classifier.bias') as Float32Array,
        },
      },
      sparseWeight,
    };
    const layers = new Map([...tuned].filter(([name]) => !name.startsWith('classifier.')));
    const embedder = await TopLayersEmbedder.load(
      encoder,
      {
        id: `${encoder.id}+${manifest.id}-fold${fold}`,
        onnxBytes: buildTopLayersServingGraph(start.spec, layers, {
          name: manifest.id,
          version: manifest.version,
        }),
        firstLayer: start.firstLayer,
      },
      { threads: 1 },
    );
    const held = rowsWhere(foldOf, (f) => f === fold);
    const step = `${manifest.id}: fold ${fold} embedding the held-out texts`;
    const vectors = await embedder.embed(
      held.map((row) => train.texts[row]),
      (done) => progress(step, done, held.length),
    );
    await embedder.release();
    const dense = new Float32Array(width);
    held.forEach((row, i) => {
      writeDenseInput(block, vectors[i], undefined, dense);
      probs.set(
        mixedProbabilities(foldHead, sparseRows[row], dense),
        (positionOf.get(row) as number) * classes,
      );
    });
  }
  return outOfFoldConfusionFile(
    manifest,
    {
      texts: heldRows.map((row) => train.texts[row]),
      labels: Int32Array.from(heldRows, (row) => train.labels[row]),
      targets: heldRows.map(() => undefined),
    },
    { probs, folds, seed, heldOut: { folds: predictedFolds, of: train.texts.length } },
    `the encoder's top ${start.spec.layers} layers and a linear classifier tuned ${tuning.epochs} epochs (learning rate ${tuning.learningRate}, warm-up ${tuning.warmupFraction}, weight decay ${tuning.weightDecay}, batches of ${tuning.batchSize}), served as int8, mixed at weight ${sparseWeight} with hashed n-grams (${sparseRecipe.sparse.epochs} epochs, weights rounded to float16)`,
  );
}
