import type { Classification, TextClassifier } from '@riptide/nlp';

/**
 * A classifier as the scorer uses it: its traceable id (`id@version`, the form the contracts require)
 * and where each contract label sits among the classifier's own output columns, so that probabilities
 * are always written in the contract's order whatever order the model was exported with.
 */
export interface ScoringModel<Label extends string> {
  readonly classifier: TextClassifier;
  readonly modelId: string;
  /** The contract's labels, in the contract's order. */
  readonly labels: readonly Label[];
  /** columns[i] = the classifier column holding the probability of labels[i]. */
  readonly columns: readonly number[];
}

export interface ContractScore<Label extends string> {
  label: Label;
  probs: [number, number, number];
}

export function scoringModel<Label extends string>(classifier: TextClassifier, labels: readonly [Label, Label, Label]): ScoringModel<Label> {
  const columns = labels.map((label) => {
    const column = classifier.labels.indexOf(label);
    if (column < 0) throw new Error(`model ${classifier.id}: its labels [${classifier.labels.join(', ')}] lack "${label}", which the ${classifier.task} contract needs`);
    return column;
  });
  return { classifier, modelId: modelIdOf(classifier), labels, columns };
}

/**
 * `id@version`. TextClassifier has no version field, so it is read from the classifier or from its
 * manifest (the small and accurate tiers carry one); a classifier with neither is marked `@unversioned`.
 */
export function modelIdOf(classifier: TextClassifier): string {
  if (classifier.id.includes('@')) return classifier.id;
  return `${classifier.id}@${versionOf(classifier) ?? 'unversioned'}`;
}

function versionOf(classifier: TextClassifier): string | undefined {
  if ('version' in classifier && typeof classifier.version === 'string') return classifier.version;
  const manifest = 'manifest' in classifier ? classifier.manifest : undefined;
  if (typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string') return manifest.version;
  return undefined;
}

// Four decimals keep messages short; three rounded values still sum to 1 within 2e-4, inside the
// contracts' tolerance of 1e-3.
const round = (p: number) => Math.round(p * 10_000) / 10_000;

/**
 * A classification in the contract's label order. A model with labels beyond the contract's (a
 * pluggable classifier with a `mixed` class, say) is renormalised over the contract's three and its
 * decision falls back to their argmax when it decided for a label the contract does not have.
 */
export function contractScore<Label extends string>(model: ScoringModel<Label>, classification: Classification): ContractScore<Label> {
  const { probs } = classification;
  const [a, b, c] = model.columns;
  let label = model.labels.find((candidate) => candidate === classification.label);
  if (model.classifier.labels.length === 3 && label !== undefined) return { label, probs: [round(probs[a]), round(probs[b]), round(probs[c])] };
  const sum = probs[a] + probs[b] + probs[c] || 1;
  const kept = [probs[a] / sum, probs[b] / sum, probs[c] / sum];
  label ??= model.labels[kept.indexOf(Math.max(...kept))];
  return { label, probs: [round(kept[0]), round(kept[1]), round(kept[2])] };
}
