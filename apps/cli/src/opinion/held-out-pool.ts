import { join } from 'node:path';
import {
  estimateConfusionByTarget,
  HashedFeaturiser,
  loadModelFiles,
  SMALL_MODELS_DIR,
  type ConfusionEstimate,
  type SparseRow,
} from '@riptide/nlp';
import {
  assignFolds,
  decide,
  fitSmallModel,
  outOfFoldProbabilities,
  predictProbabilities,
  readTaskExamples,
  roundWeightsToFloat16,
  STANCE_RECIPE,
} from '@riptide/nlp-training';
import type { ConfusionMatrix, ScoredMeasure } from '@riptide/opinion';
import { roundAsScorer } from './scored-text-pool';
import type { SimulationInputs } from './simulation-inputs';
import { stanceTextPool, type StanceTextPool } from './stance-text-pool';

/** The fold of the small recipe's own 5-fold split held out as the pool. */
export const HELD_OUT_FOLD = 0;
const FOLDS = 5;

/** Pools from a held-out fold of the stance training split, with a model and matrices that never saw them. */
export interface HeldOutStance {
  /** `stance-small@<version>-without-fold-0`: the shipped recipe refitted on the other folds. */
  readonly modelId: string;
  /** By topic id. */
  readonly pools: ReadonlyMap<string, StanceTextPool>;
  /** By topic id, per pool text: the refitted model's output, as the scorer would write it. */
  readonly stance: ReadonlyMap<string, readonly ScoredMeasure[]>;
  /** The refitted model's confusion per stance target, from out-of-fold predictions within the other folds. */
  matrixFor(target: string): ConfusionMatrix;
}

/**
 * The larger pool: about 100 training tweets a target (fold 0 of the small recipe's seeded
 * 5-fold split, the folds its shipped matrices were estimated on) instead of 40-69 validation tweets.
 * The stance recipe is refitted on the other four folds (weights rounded to float16 as exported) to
 * score the pool, and its confusion matrices come from 4-fold out-of-fold predictions within those
 * folds: nothing that scores or corrects the estimates saw the pool's texts. Labels are decided by the
 * shipped model's decision offsets (tuned on the whole training split: three numbers, the one thing
 * that did see the pool). Five fits of the small recipe: about 40 s.
 */
export function heldOutStance(
  inputs: SimulationInputs,
  topicIds: readonly string[],
  progress: (line: string) => void,
): HeldOutStance {
  const recipe = STANCE_RECIPE;
  const { manifest } = loadModelFiles(join(SMALL_MODELS_DIR, `${recipe.id}.json`));
  const classes = recipe.labels.length;
  const train = readTaskExamples(inputs.dataDir, 'stance', 'train');
  const featuriser = new HashedFeaturiser(recipe.featuriser);
  const rows = train.texts.map((text, i) => featuriser.featurise(text, train.targets[i]));
  const foldOf = assignFolds(rows.length, FOLDS, recipe.seed);
  const kept = [...foldOf.keys()].filter((row) => foldOf[row] !== HELD_OUT_FOLD);
  const fit = (fitRows: readonly SparseRow[], labels: Int32Array) =>
    roundWeightsToFloat16(fitSmallModel(recipe, fitRows, labels));

  progress(`held-out pool: refitting ${recipe.id} without fold ${HELD_OUT_FOLD} (1 of 5 fits)...\n`);
  const keptRows = kept.map((row) => rows[row]);
  const keptLabels = Int32Array.from(kept, (row) => train.labels[row]);
  const model = fit(keptRows, keptLabels);
  progress('held-out pool: its confusion from 4-fold out-of-fold predictions within the other folds...\n');
  const outOfFold = outOfFoldProbabilities(
    keptRows,
    keptLabels,
    { folds: FOLDS - 1, classes, seed: recipe.seed },
    fit,
  );
  const matrices = estimateConfusionByTarget(
    keptLabels,
    outOfFold,
    decide(outOfFold, classes, manifest.decisionOffsets),
    classes,
    kept.map((row) => train.targets[row]),
  );
  const modelId = `${manifest.id}@${manifest.version}-without-fold-${HELD_OUT_FOLD}`;

  const pools = new Map<string, StanceTextPool>();
  const stance = new Map<string, ScoredMeasure[]>();
  for (const topicId of topicIds) {
    const topic = inputs.stanceTopics.find((candidate) => candidate.id === topicId);
    const target = topic?.stance?.target;
    if (!topic || !target) throw new Error(`topic ${topicId}: not a topic with a stance target`);
    const poolRows = [...foldOf.keys()].filter(
      (row) => foldOf[row] === HELD_OUT_FOLD && train.targets[row] === target,
    );
    const texts = poolRows.map((row) => train.texts[row]);
    const labels = Int32Array.from(poolRows, (row) => train.labels[row]);
    pools.set(
      topicId,
      stanceTextPool({
        dataDir: inputs.dataDir,
        topic,
        target,
        texts,
        labels,
        matchTopics: inputs.matchTopics,
      }),
    );
    stance.set(
      topicId,
      poolRows.map((row) => {
        const probs = predictProbabilities(model, rows[row]);
        return {
          probs: Array.from(probs, roundAsScorer),
          label: decide(probs, classes, manifest.decisionOffsets)[0],
        };
      }),
    );
  }
  return {
    modelId,
    pools,
    stance,
    matrixFor: (target) => asMatrix(modelId, matrices[target]),
  };
}

function asMatrix(model: string, estimate: ConfusionEstimate | undefined): ConfusionMatrix {
  if (!estimate) throw new Error(`held-out pool: no out-of-fold matrix for this target`);
  const { counts, meanProbs, probSd } = estimate;
  return { model, labels: STANCE_RECIPE.labels, counts, meanProbs, probSd };
}
