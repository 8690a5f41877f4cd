import { join } from 'node:path';
import { readLabelledTexts, STANCE_TARGETS } from './tweeteval-folder';

/** One task's labelled texts from a TweetEval-layout folder, stance targets pooled. */
export interface TaskExamples {
  readonly texts: string[];
  readonly labels: Int32Array;
  /** Stance target per text; undefined for sentiment. */
  readonly targets: (string | undefined)[];
}

/**
 * Reads a split of `sentiment/`, or of every `stance/<target>/` of STANCE_TARGETS pooled in that
 * order (the order the small stance model is trained in, so seeded folds fall alike).
 */
export function readTaskExamples(dataDir: string, task: 'sentiment' | 'stance', split: string): TaskExamples {
  if (task === 'sentiment') {
    const { texts, labels } = readLabelledTexts(join(dataDir, 'sentiment'), split, 3);
    return { texts, labels, targets: texts.map(() => undefined) };
  }
  const texts: string[] = [];
  const labels: number[] = [];
  const targets: string[] = [];
  for (const target of STANCE_TARGETS) {
    const part = readLabelledTexts(join(dataDir, 'stance', target), split, 3);
    texts.push(...part.texts);
    labels.push(...part.labels);
    targets.push(...part.texts.map(() => target));
  }
  return { texts, labels: Int32Array.from(labels), targets };
}
