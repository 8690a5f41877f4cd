/** Balanced class weights: each class carries the same total loss (macro metrics favour rare classes). */
export function balancedClassWeights(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts.map((count) => labels.length / (classes * Math.max(count, 1)));
}
