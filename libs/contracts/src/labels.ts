// The closed vocabularies of the contracts. Each list is the single source for both the TypeScript
// union and the JSON schema `enum`, so the two cannot drift apart. Order matters where a list also
// orders a probability vector: `probs[i]` is the probability of `LABELS[i]`.

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const STANCE_LABELS = ['none', 'against', 'favor'] as const;
export type StanceLabel = (typeof STANCE_LABELS)[number];

export const POST_KINDS = ['original', 'repost', 'quote', 'reply'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export const SHARE_OBJECT_KINDS = ['post', 'url', 'domain', 'hashtag', 'text', 'media'] as const;
export type ShareObjectKind = (typeof SHARE_OBJECT_KINDS)[number];

/** One signal per kind of shared object: `co-url` links two accounts that shared the same `url:` object. */
export const COORDINATION_SIGNALS = [
  'co-post',
  'co-url',
  'co-domain',
  'co-hashtag',
  'co-text',
  'co-media',
] as const;
export type CoordinationSignal = (typeof COORDINATION_SIGNALS)[number];

export const CLUSTER_STATUSES = ['active', 'dissolved'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

export const CLUSTER_METHODS = ['louvain', 'components'] as const;
export type ClusterMethod = (typeof CLUSTER_METHODS)[number];

export const SHIFT_DETECTORS = ['two-window', 'cusum', 'bocpd'] as const;
export type ShiftDetector = (typeof SHIFT_DETECTORS)[number];

/** The kind of shared object each signal compares. */
export const SIGNAL_OBJECT_KIND: Readonly<Record<CoordinationSignal, ShareObjectKind>> = {
  'co-post': 'post',
  'co-url': 'url',
  'co-domain': 'domain',
  'co-hashtag': 'hashtag',
  'co-text': 'text',
  'co-media': 'media',
};

/** What the opinion service measures per topic and group. */
export const OPINION_MEASURES = ['stance', 'sentiment'] as const;
export type OpinionMeasure = (typeof OPINION_MEASURES)[number];

/**
 * How a prevalence estimate was corrected for classifier errors: adjusted classify-and-count (`acc`,
 * from hard labels), probabilistic ACC (`pacc`, from probabilities), or `none` without a confusion matrix.
 */
export const CORRECTION_METHODS = ['pacc', 'acc', 'none'] as const;
export type CorrectionMethod = (typeof CORRECTION_METHODS)[number];

/** How a shift decomposes: returning authors changing their minds, a change in who posts, or both. */
export const SHIFT_KINDS = ['persuasion', 'composition', 'mixed'] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];
