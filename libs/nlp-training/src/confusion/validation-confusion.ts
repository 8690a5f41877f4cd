import { readTaskExamples } from '../data/task-examples';
import { type TextClassifier, estimateConfusionByTarget, type ConfusionEstimate } from '@riptide/nlp';

/**
 * The confusion of a loaded (served) classifier on the validation split, per stance target and
 * pooled: labels as the classifier decides them, probabilities as it reports them. For comparing
 * with the out-of-fold matrices in a report; nothing is fitted or chosen on it.
 */
export async function validationConfusion(
  classifier: TextClassifier,
  dataDir: string,
): Promise<Record<string, ConfusionEstimate>> {
  const val = readTaskExamples(dataDir, classifier.task, 'val');
  const classes = classifier.labels.length;
  const probs = new Float64Array(val.texts.length * classes);
  const predicted = new Int32Array(val.texts.length);
  for (const target of new Set(val.targets)) {
    const rows = val.targets.flatMap((t, i) => (t === target ? [i] : []));
    const results = await classifier.classify(
      rows.map((i) => val.texts[i]),
      { target },
    );
    rows.forEach((row, j) => {
      probs.set(results[j].probs, row * classes);
      predicted[row] = classifier.labels.indexOf(results[j].label);
    });
  }
  return estimateConfusionByTarget(val.labels, probs, predicted, classes, val.targets);
}

/** Headline figures of a confusion: accuracy and each label's recall (with its standard error). */
export interface ConfusionHeadline {
  readonly examples: number;
  readonly accuracy: number;
  readonly recall: Record<string, { readonly rate: number; readonly se: number; readonly support: number }>;
}

export function confusionHeadline(
  confusion: Pick<ConfusionEstimate, 'examples'> & {
    readonly counts: readonly (readonly number[])[];
    readonly rateSe: readonly (readonly number[])[];
  },
  labels: readonly string[],
): ConfusionHeadline {
  const diagonal = confusion.counts.reduce((sum, row, t) => sum + row[t], 0);
  return {
    examples: confusion.examples,
    accuracy: confusion.examples > 0 ? diagonal / confusion.examples : 0,
    recall: Object.fromEntries(
      labels.map((label, t) => {
        const support = confusion.counts[t].reduce((sum, count) => sum + count, 0);
        return [
          label,
          { rate: support > 0 ? confusion.counts[t][t] / support : 0, se: confusion.rateSe[t][t], support },
        ];
      }),
    ),
  };
}
