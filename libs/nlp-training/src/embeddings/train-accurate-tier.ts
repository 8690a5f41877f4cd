import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabelledTexts, STANCE_TARGETS, type LabelledTexts } from '../data/tweeteval-folder';
import {
  TopLayersEmbedder,
  type TopLayersBlock,
  weightRows,
  type FeaturiserSpec,
  HashedFeaturiser,
  SENTIMENT_LABELS,
  STANCE_LABELS,
  denseInputWidth,
  writeDenseInput,
  type DenseHeadInput,
  embedWithCache,
  rowOf,
  type TextEmbedder,
  type EncoderManifest,
} from '@riptide/nlp';
import { buildTopLayersServingGraph } from '../finetune/top-layers-graph';
import { topLayersStart } from '../finetune/top-layers-start';
import {
  trainTopLayersHead,
  type TopLayersHeadRecipe,
  type TopLayersHeadSelection,
} from '../finetune/train-top-layers-head';
import { writeModelFiles } from '../model/write-model-files';
import { bootstrapInterval } from '../metrics/bootstrap-interval';
import { classScores, macroRecall, stanceFAvg } from '../metrics/classification-metrics';
import { roundWeightsToFloat16 } from '../onnx/linear-classifier-graph';
import { SENTIMENT_RECIPE, STANCE_FEATURISER_1_2 } from '../train/small-model-recipes';
import { decide, type DecisionMetric } from '../train/tune-decision-offsets';
import { buildMixedHeadOnnx, MIXED_GRAPH_IO, mixedProbabilities, type MixedHead } from './mixed-head-graph';
import {
  trainMixedHead,
  type MixedHeadRecipe,
  type MixedHeadSelection,
  type MixedHeadTrainingData,
} from './train-mixed-head';

export interface AccurateTrainingOptions {
  readonly dataDir: string;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly version: string;
  readonly seed: number;
  /** Model ids of the two heads (and so their file names); default sentiment-accurate and stance-accurate. */
  readonly headIds?: { readonly sentiment: string; readonly stance: string };
  readonly progress: (line: string) => void;
  /** Embedding progress per split, for a progress bar. */
  readonly onEmbedProgress?: (split: string, done: number, total: number) => void;
  /** Training progress (cross-validation folds, final fits), for a progress bar. */
  readonly onTrainProgress?: (step: string, done: number, total: number) => void;
  /** Fine-tune the encoder's top layers for the sentiment head instead of training an MLP on its frozen embedding. */
  readonly sentimentTopLayers?: SentimentTopLayers;
}

/** What fine-tuning the sentiment head needs: the encoder, its recipe and the threads to train with. */
export interface SentimentTopLayers {
  readonly encoder: EncoderManifest;
  readonly recipe: Omit<TopLayersHeadRecipe, 'sparse' | 'sparseWeights'>;
  readonly threads: number;
  readonly modelsDir?: string;
}

/** One accurate-tier head: its hashed features (the small model's), and the candidates cross-validation picks from. */
interface AccurateRecipe {
  readonly id: string;
  readonly task: 'sentiment' | 'stance';
  readonly labels: readonly string[];
  readonly featuriser: FeaturiserSpec;
  readonly denseLayout: DenseHeadInput['layout'];
  readonly training: Omit<MixedHeadRecipe, 'seed' | 'classes'>;
}

const SPARSE_WEIGHTS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/**
 * Sentiment: the small model's features and training (cross-validated in docs/models.md) mixed
 * with an MLP on the embedding (64 hidden units cross-validated 0.672 alone; a linear layer on the
 * embedding did about as well on validation in 0.1.0, but mixes worse since it adds less that the
 * n-grams lack). Three seeds averaged cross-validated 0.7051 mixed against one seed's 0.7036 (at
 * up to 10 epochs); mean + max pooling, unnormalised means and wider MLPs did not help
 * (docs/embeddings.md section 4).
 */
const SENTIMENT_ACCURATE: AccurateRecipe = {
  id: 'sentiment-accurate',
  task: 'sentiment',
  labels: SENTIMENT_LABELS,
  featuriser: SENTIMENT_RECIPE.featuriser,
  denseLayout: 'one-hot',
  training: {
    folds: 5,
    sparse: {
      dimensions: weightRows(SENTIMENT_RECIPE.featuriser),
      epochs: 2,
      learningRate: 0.1,
      l2: 1e-4,
      nbFeatureScaling: true,
    },
    dense: {
      kind: 'mlp',
      hidden: 64,
      maxEpochs: 12,
      learningRate: 1e-3,
      weightDecay: 1e-4,
      dropout: 0.3,
      batchSize: 64,
      seeds: 3,
    },
    sparseWeights: SPARSE_WEIGHTS,
  },
};

/**
 * Stance: the small stance model's target-conjoined features, mixed with a linear layer over the
 * embedding with shared and per-target weights. On train 5-fold CV (F_avg without offsets) that
 * mix scored 0.710, an MLP on embedding + target one-hot mixed in its place 0.701-0.708, and the
 * 0.1.0 single stacked linear model 0.698.
 */
const STANCE_ACCURATE: AccurateRecipe = {
  id: 'stance-accurate',
  task: 'stance',
  labels: STANCE_LABELS,
  // The joint stance model's features only (those of small 1.1.0): the mix was cross-validated with
  // them, and the small model's target blocks need per-target models of their own
  // (train/target-blocks.ts), which this mixed head does not fit.
  featuriser: { ...STANCE_FEATURISER_1_2, targetBlocks: undefined },
  denseLayout: 'per-target-copies',
  training: {
    folds: 5,
    sparse: {
      dimensions: STANCE_FEATURISER_1_2.dimensions,
      epochs: 10,
      learningRate: 0.1,
      l2: 1e-4,
      nbFeatureScaling: true,
    },
    dense: { kind: 'linear', epochs: 30, learningRate: 0.05, l2: 1e-4 },
    sparseWeights: SPARSE_WEIGHTS,
  },
};

const METRICS: Record<AccurateRecipe['task'], { name: string; metric: DecisionMetric }> = {
  sentiment: { name: 'macro_recall', metric: (gold, predicted) => macroRecall(gold, predicted, [0, 1, 2]) },
  stance: { name: 'f_avg', metric: (gold, predicted) => stanceFAvg(gold, predicted, 1, 2) },
};

export interface AccurateTierReport {
  readonly sentiment: Readonly<Record<string, unknown>>;
  readonly stance: Readonly<Record<string, unknown>>;
}

interface Split {
  readonly texts: string[];
  readonly labels: Int32Array;
  readonly targets: (string | undefined)[];
  readonly embeddings: Float32Array[];
}

/**
 * Trains the accurate tier: per task, a hashed n-gram linear model and a dense head on the MiniLM
 * embedding, mixed in one ONNX graph (mixed-head-graph.ts). The MLP's epochs, the mixing weight
 * and the decision offsets are chosen by 5-fold cross-validation on train (train-mixed-head.ts);
 * validation only gives the reported figures. Seeded and single-threaded: same data, same files.
 */
export async function trainAccurateTier(
  embedder: TextEmbedder,
  options: AccurateTrainingOptions,
): Promise<AccurateTierReport> {
  mkdirSync(options.outDir, { recursive: true });
  const read = async (dir: string, split: string, target?: string): Promise<Split> => {
    const data = readLabelledTexts(dir, split, 3);
    const matrix = await embedWithCache(embedder, data.texts, options.cacheDir, (done, total) =>
      options.onEmbedProgress?.(`${dir}/${split}`, done, total),
    );
    return {
      texts: data.texts,
      labels: data.labels,
      targets: data.texts.map(() => target),
      embeddings: data.texts.map((_, i) => rowOf(matrix, i)),
    };
  };
  const pooled = (parts: Split[]): Split => ({
    texts: parts.flatMap((p) => p.texts),
    labels: Int32Array.from(parts.flatMap((p) => [...p.labels])),
    targets: parts.flatMap((p) => p.targets),
    embeddings: parts.flatMap((p) => p.embeddings),
  });
  const sentimentDir = join(options.dataDir, 'sentiment');
  const stanceSplit = async (split: string) =>
    pooled(await Promise.all(STANCE_TARGETS.map((t) => read(join(options.dataDir, 'stance', t), split, t))));

  const sentimentRecipe = { ...SENTIMENT_ACCURATE, id: options.headIds?.sentiment ?? SENTIMENT_ACCURATE.id };
  const sentiment = options.sentimentTopLayers
    ? await trainTopLayersSentiment(
        sentimentRecipe,
        readLabelledTexts(sentimentDir, 'train', 3),
        readLabelledTexts(sentimentDir, 'val', 3),
        options.sentimentTopLayers,
        options,
      )
    : trainOne(
        sentimentRecipe,
        await read(sentimentDir, 'train'),
        await read(sentimentDir, 'val'),
        embedder,
        options,
      );
  const stance = trainOne(
    { ...STANCE_ACCURATE, id: options.headIds?.stance ?? STANCE_ACCURATE.id },
    await stanceSplit('train'),
    await stanceSplit('val'),
    embedder,
    options,
  );
  return { sentiment, stance };
}

function trainOne(
  recipe: AccurateRecipe,
  train: Split,
  val: Split,
  embedder: TextEmbedder,
  options: AccurateTrainingOptions,
): Record<string, unknown> {
  const classes = recipe.labels.length;
  const block = denseBlock(recipe, embedder.modelId, embedder.dimensions);
  const featuriser = new HashedFeaturiser(recipe.featuriser);
  options.progress(`${recipe.task}: featurising`);
  const trainData = denseTrainingData(block, featuriser, train);
  const { head, offsets, selection } = trainMixedHead(
    trainData,
    { ...recipe.training, classes, seed: options.seed },
    METRICS[recipe.task].metric,
    (step, done, total) => options.onTrainProgress?.(`${recipe.task}: ${step}`, done, total),
  );
  return writeHead(recipe, block, featuriser, { head, offsets }, val, options, {
    selection,
    examples: train.texts.length,
    dense: {
      ...recipe.training.dense,
      ...(recipe.training.dense.kind === 'mlp'
        ? { epochs: selection.dense_epochs, optimizer: 'adamw' }
        : { optimizer: 'adagrad-sgd' }),
      inputs: denseInputWidth(block),
      weights: 'float32',
    },
    decisionOffsetsFrom: `${recipe.training.folds}-fold cross-validation on train, shrunk by ${selection.offsets.shrink} (cross-fitted)`,
  });
}

function denseBlock(recipe: AccurateRecipe, encoder: string, dimensions: number): DenseHeadInput {
  return {
    encoder,
    dimensions,
    targets: recipe.task === 'stance' ? [...STANCE_TARGETS] : [],
    layout: recipe.denseLayout,
    input: MIXED_GRAPH_IO.embedding,
  };
}

function denseTrainingData(
  block: DenseHeadInput,
  featuriser: HashedFeaturiser,
  split: Split,
): MixedHeadTrainingData {
  const width = denseInputWidth(block);
  const values = new Float32Array(split.texts.length * width);
  split.embeddings.forEach((embedding, i) =>
    writeDenseInput(block, embedding, split.targets[i], values, i * width),
  );
  return {
    sparse: split.texts.map((text, i) => featuriser.featurise(text, split.targets[i])),
    dense: { count: split.texts.length, width, values },
    labels: split.labels,
  };
}

/** How a head was chosen and fitted, for its manifest. */
interface TrainingAccount {
  readonly selection: MixedHeadSelection | TopLayersHeadSelection;
  readonly examples: number;
  readonly dense: Record<string, unknown>;
  readonly decisionOffsetsFrom: string;
}

/**
 * Scores a trained head on validation (whose `embeddings` are what the served head will see) and
 * writes its ONNX graph and manifest, `extra` (e.g. a topLayers block) included.
 */
function writeHead(
  recipe: AccurateRecipe,
  block: DenseHeadInput,
  featuriser: HashedFeaturiser,
  trained: { readonly head: MixedHead; readonly offsets: number[] },
  val: Split,
  options: AccurateTrainingOptions,
  account: TrainingAccount,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const classes = recipe.labels.length;
  const { name: metricName, metric } = METRICS[recipe.task];
  const head = { ...trained.head, sparse: roundWeightsToFloat16(trained.head.sparse) };
  const { offsets } = trained;
  const { selection } = account;
  const valData = denseTrainingData(block, featuriser, val);
  const probs = new Float64Array(val.texts.length * classes);
  valData.sparse.forEach((row, i) =>
    probs.set(
      mixedProbabilities(
        head,
        row,
        valData.dense.values.subarray(i * valData.dense.width, (i + 1) * valData.dense.width),
      ),
      i * classes,
    ),
  );
  const predicted = decide(probs, classes, offsets);
  const untuned = decide(probs, classes, new Array<number>(classes).fill(0));
  const round = (value: number) => Math.round(value * 10000) / 10000;
  const perTarget: Record<string, { examples: number; score: number }> = {};
  if (recipe.task === 'stance') {
    for (const target of STANCE_TARGETS) {
      const rows = val.targets.flatMap((t, i) => (t === target ? [i] : []));
      perTarget[target] = {
        examples: rows.length,
        score: round(
          metric(
            Int32Array.from(rows, (i) => val.labels[i]),
            Int32Array.from(rows, (i) => predicted[i]),
          ),
        ),
      };
    }
  }
  const metrics = {
    split: 'val',
    examples: val.texts.length,
    [metricName]: round(metric(val.labels, predicted)),
    [`${metricName}_bootstrap_95`]: bootstrapInterval(val.labels, predicted, metric, {
      seed: options.seed,
    }).map(round),
    without_decision_offsets: round(metric(val.labels, untuned)),
    per_class: Object.fromEntries(
      recipe.labels.map((label, c) => {
        const s = classScores(val.labels, predicted, c);
        return [
          label,
          { precision: round(s.precision), recall: round(s.recall), f1: round(s.f1), support: s.support },
        ];
      }),
    ),
    ...(recipe.task === 'stance' ? { per_target: perTarget } : {}),
    [selectionKey(selection)]: {
      ...selection,
      sparse_alone: round(selection.sparse_alone),
      dense_alone_by_epoch: selection.dense_alone_by_epoch.map(round),
      mix_by_sparse_weight: Object.fromEntries(
        Object.entries(selection.mix_by_sparse_weight).map(([w, s]) => [w, round(s)]),
      ),
      mixed: round(selection.mixed),
      offsets: {
        ...selection.offsets,
        crossFitted: Object.fromEntries(
          Object.entries(selection.offsets.crossFitted).map(([w, s]) => [w, round(s)]),
        ),
      },
      mixed_with_offsets: round(selection.mixed_with_offsets),
    },
  };

  const onnxBytes = buildMixedHeadOnnx(head, { name: recipe.id, version: options.version });
  writeModelFiles(options.outDir, { ...recipe, version: options.version }, onnxBytes, {
    featuriser: recipe.featuriser,
    embedding: block,
    ...extra,
    decisionOffsets: offsets,
    ...(block.targets.length > 0 ? { targets: block.targets } : {}),
    metrics,
    training: {
      seed: options.seed,
      data:
        recipe.task === 'sentiment'
          ? 'sentiment/train_*'
          : STANCE_TARGETS.map((t) => `stance/${t}/train_*`).join(', '),
      examples: account.examples,
      class_weights: 'balanced',
      sparse: { ...recipe.training.sparse, optimizer: 'adagrad-sgd', weights: 'float16' },
      dense: account.dense,
      sparse_weight: head.sparseWeight,
      decision_offsets_from: account.decisionOffsetsFrom,
    },
  });
  return metrics;
}

/** The manifest key of the selection figures: k-fold cross-validation, or one held-out fold. */
function selectionKey(selection: MixedHeadSelection | TopLayersHeadSelection): string {
  return 'held_out' in selection ? 'train_held_out_fold' : 'train_cross_validation';
}

/**
 * The sentiment head on fine-tuned top layers (finetune/): token states entering the tuned layers
 * are computed once and cached, the layers and a linear classifier are tuned with the n-gram model
 * beside them (train-top-layers-head.ts), the layers are written as `<id>.top-layers.onnx` and
 * validation is embedded through the served path (TopLayersEmbedder) before the head is scored.
 */
async function trainTopLayersSentiment(
  recipe: AccurateRecipe,
  train: LabelledTexts,
  val: LabelledTexts,
  tuning: SentimentTopLayers,
  options: AccurateTrainingOptions,
): Promise<Record<string, unknown>> {
  const { encoder, threads } = tuning;
  const { layers } = tuning.recipe;
  const { firstLayer, spec, states, initial } = await topLayersStart(
    encoder,
    layers,
    recipe.labels.length,
    train.texts,
    {
      cacheDir: options.cacheDir,
      threads,
      modelsDir: tuning.modelsDir,
      onProgress: (step, done, total) => options.onEmbedProgress?.(`sentiment/${step}`, done, total),
    },
  );
  const featuriser = new HashedFeaturiser(recipe.featuriser);
  options.progress('sentiment: featurising');
  const trained = await trainTopLayersHead(
    { sparse: train.texts.map((text) => featuriser.featurise(text)), states, labels: train.labels },
    initial,
    spec,
    {
      ...tuning.recipe,
      sparse: recipe.training.sparse,
      sparseWeights: recipe.training.sparseWeights,
      seed: options.seed,
      threads,
    },
    METRICS.sentiment.metric,
    (step, done, total) => options.onTrainProgress?.(`sentiment: ${step}`, done, total),
  );

  const file = `${recipe.id}.top-layers.onnx`;
  const bytes = buildTopLayersServingGraph(spec, trained.layers, {
    name: `${recipe.id}.top-layers`,
    version: options.version,
  });
  writeFileSync(join(options.outDir, file), bytes);
  const tunedId = `${encoder.id}+${recipe.id}`;
  const embedder = await TopLayersEmbedder.load(
    encoder,
    { id: tunedId, onnxBytes: bytes, firstLayer },
    { threads, modelsDir: tuning.modelsDir },
  );
  const valEmbeddings = await embedder.embed(val.texts, (done) =>
    options.onEmbedProgress?.('sentiment/val through the tuned layers', done, val.texts.length),
  );
  await embedder.release();
  const { selection } = trained;
  return writeHead(
    recipe,
    denseBlock(recipe, tunedId, encoder.dimensions),
    featuriser,
    trained,
    {
      texts: val.texts,
      labels: val.labels,
      targets: val.texts.map(() => undefined),
      embeddings: valEmbeddings,
    },
    options,
    {
      selection,
      examples: train.texts.length,
      dense: {
        kind: 'fine-tuned top layers + linear classifier',
        ...tuning.recipe,
        first_layer: firstLayer,
        epochs: selection.dense_epochs,
        trained_on: `all of train, after the choices on its held-out fold (tuned there on the other ${train.texts.length - selection.held_out.rows} tweets)`,
        optimizer: 'adamw, linear warm-up and decay',
        weights: 'layers int8 (per-column scales, activations quantised per run), classifier float32',
      },
      decisionOffsetsFrom: `the held-out fold of train, shrunk by ${selection.offsets.shrink} (cross-fitted within it)`,
    },
    {
      topLayers: {
        file,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        encoder: encoder.id,
        firstLayer,
        layers,
      } satisfies TopLayersBlock,
    },
  );
}
