import type { MlpHead } from './mlp-head';

/**
 * Several MLP heads (e.g. trained from different seeds) as one wider MLP whose logits are the mean
 * of theirs: hidden units side by side, each member's output weights divided by the member count,
 * output biases averaged. softmax(mean of logits) is the renormalised geometric mean of the
 * members' probabilities, so the ensemble needs no new graph: the mixed head's MLP is just wider.
 */
export function averageMlpHeads(heads: readonly MlpHead[]): MlpHead {
  if (heads.length === 0) throw new Error('heads: expected at least one MLP head');
  const { inputs, classes } = heads[0];
  heads.forEach((head, k) => {
    if (head.inputs !== inputs || head.classes !== classes)
      throw new Error(
        `heads[${k}]: ${head.inputs} inputs and ${head.classes} classes, heads[0] has ${inputs} and ${classes}`,
      );
  });
  const hidden = heads.reduce((sum, head) => sum + head.hidden, 0);
  const w1 = new Float32Array(inputs * hidden);
  const b1 = new Float32Array(hidden);
  const w2 = new Float32Array(hidden * classes);
  const b2 = new Float32Array(classes);
  let first = 0;
  for (const head of heads) {
    for (let i = 0; i < inputs; i++)
      w1.set(head.w1.subarray(i * head.hidden, (i + 1) * head.hidden), i * hidden + first);
    b1.set(head.b1, first);
    for (let j = 0; j < head.hidden * classes; j++) w2[first * classes + j] = head.w2[j] / heads.length;
    for (let c = 0; c < classes; c++) b2[c] += head.b2[c] / heads.length;
    first += head.hidden;
  }
  return { inputs, hidden, classes, w1, b1, w2, b2 };
}
