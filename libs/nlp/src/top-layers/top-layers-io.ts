/** Names of the graph inputs that carry a batch (the parameters are named by topLayerParameters). */
export const TOP_LAYERS_IO = {
  /** Token states entering the first re-trained layer, [batch, sequence, hidden]. */
  states: 'states',
  /** 0 for tokens, -1e9 for padding, [batch, 1, 1, sequence]: added to the attention scores. */
  maskBias: 'mask_bias',
  /** 1/tokens for tokens, 0 for padding, [batch, sequence, 1]: the mean pool's weights. */
  poolWeights: 'pool_weights',
  /** Training only: one-hot labels times the row's loss weight, [batch, classes]. */
  weightedTargets: 'weighted_targets',
  /** Training only: each row's loss weight (class weight / batch size), [batch, 1]. */
  rowWeights: 'row_weights',
  /** The pooled vector after the re-trained layers, [batch, hidden]. */
  pooled: 'pooled',
  logits: 'logits',
} as const;
