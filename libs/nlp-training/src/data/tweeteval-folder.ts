import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Texts with their gold label ids, one pair per line of a TweetEval `{split}_text.txt` / `{split}_labels.txt`. */
export interface LabelledTexts {
  readonly texts: string[];
  readonly labels: Int32Array;
}

export const STANCE_TARGETS = ['abortion', 'atheism', 'climate', 'feminist', 'hillary'] as const;

/**
 * Reads `<dir>/{split}_text.txt` and `<dir>/{split}_labels.txt`. Throws an error naming the file
 * when one is missing, the line counts differ or a label is not an integer in 0..classes-1.
 */
export function readLabelledTexts(dir: string, split: string, classes: number): LabelledTexts {
  const textFile = join(dir, `${split}_text.txt`);
  const labelFile = join(dir, `${split}_labels.txt`);
  for (const file of [textFile, labelFile]) {
    if (!existsSync(file)) throw new Error(`${file}: missing (expected the TweetEval layout)`);
  }
  const texts = splitLines(readFileSync(textFile, 'utf8'));
  const labelLines = splitLines(readFileSync(labelFile, 'utf8'));
  if (texts.length !== labelLines.length) {
    throw new Error(`${labelFile}: ${labelLines.length} labels for ${texts.length} texts in ${textFile}`);
  }
  const labels = new Int32Array(labelLines.length);
  labelLines.forEach((line, i) => {
    const label = Number(line.trim());
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new Error(`${labelFile}: line ${i + 1}: label "${line}" is not an integer in 0..${classes - 1}`);
    }
    labels[i] = label;
  });
  return { texts, labels };
}

/** Stance target folders under `<root>/stance` that hold the given split, sorted by name. */
export function stanceTargetsWithSplit(root: string, split: string): string[] {
  const stanceDir = join(root, 'stance');
  if (!existsSync(stanceDir)) return [];
  return readdirSync(stanceDir)
    .filter((name) => statSync(join(stanceDir, name)).isDirectory())
    .filter((name) => existsSync(join(stanceDir, name, `${split}_text.txt`)))
    .sort();
}

function splitLines(content: string): string[] {
  const lines = content.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
