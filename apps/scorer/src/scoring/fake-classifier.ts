import type { Classification, ClassifyOptions, TextClassifier } from '@riptide/nlp';

/**
 * A deterministic stand-in for a model in unit tests: the label is chosen by a keyword in the text and
 * recorded calls show how the scorer batched its inference.
 */
export class FakeClassifier implements TextClassifier {
  readonly calls: { texts: readonly string[]; target?: string }[] = [];
  closed = false;

  constructor(
    readonly id: string,
    readonly task: 'sentiment' | 'stance',
    readonly labels: readonly string[],
    private readonly pick: (text: string) => number,
    readonly version = '1',
  ) {}

  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<Classification[]> {
    this.calls.push({ texts, ...(options.target === undefined ? {} : { target: options.target }) });
    return texts.map((text) => {
      const chosen = this.pick(text);
      const probs = new Float32Array(this.labels.length).fill(0.1 / (this.labels.length - 1));
      probs[chosen] = 0.9;
      return { label: this.labels[chosen], probs };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
