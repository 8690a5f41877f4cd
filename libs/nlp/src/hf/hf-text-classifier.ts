import { readFileSync } from 'node:fs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { HfTokenizer } from '../embeddings/hf-tokenizer';
import type { Classification, ClassifyOptions, TextClassifier } from '../inference/text-classifier';
import type { HfClassifierManifest } from './hf-classifier-manifest';
import { labelsFromConfig, loadHfClassifierManifest } from './hf-classifier-manifest';

const TOKEN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/**
 * Runs a Hugging Face style ONNX sequence classifier (exported with `optimum` or `torch.onnx`):
 * tokenizes with its tokenizer.json, feeds whichever of input_ids / attention_mask / token_type_ids
 * the graph declares, reads the first output as logits [batch, labels] and turns them into
 * probabilities (softmax, or sigmoid for multi-label models).
 */
export class HfTextClassifier implements TextClassifier {
  readonly id: string;
  readonly task: HfClassifierManifest['task'];

  private constructor(
    readonly manifest: HfClassifierManifest,
    readonly labels: readonly string[],
    private readonly tokenizer: HfTokenizer,
    private readonly session: InferenceSession,
  ) {
    this.id = manifest.id;
    this.task = manifest.task;
  }

  static async load(manifestPath: string): Promise<HfTextClassifier> {
    const manifest = loadHfClassifierManifest(manifestPath);
    const labels = labelsFromConfig(JSON.parse(readFileSync(manifest.configPath, 'utf8')), manifest);
    const tokenizer = new HfTokenizer(
      JSON.parse(readFileSync(manifest.tokenizerPath, 'utf8')),
      manifest.maxTokens,
    );
    const session = await InferenceSession.create(manifest.modelPath, {
      intraOpNumThreads: manifest.threads,
      interOpNumThreads: 1,
    });
    const unknown = session.inputNames.find((name) => !(TOKEN_INPUTS as readonly string[]).includes(name));
    if (unknown !== undefined) {
      await session.release();
      throw new Error(
        `${manifest.modelPath}: input "${unknown}" is not one of ${TOKEN_INPUTS.join(', ')}; only text classifiers are supported`,
      );
    }
    return new HfTextClassifier(manifest, labels, tokenizer, session);
  }

  /**
   * Classifies one batch; callers choose the batch size (one ONNX run per call). A stance model
   * plugged in for one target refuses texts about another.
   */
  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<Classification[]> {
    const { target } = this.manifest;
    if (
      this.task === 'stance' &&
      target !== undefined &&
      options.target !== undefined &&
      options.target !== target
    ) {
      throw new Error(`target: ${this.id} scores stance toward "${target}", not "${options.target}"`);
    }
    if (texts.length === 0) return [];
    const batch = this.tokenizer.encodeBatch(texts);
    const shape = [batch.batchSize, batch.sequenceLength];
    const available: Record<(typeof TOKEN_INPUTS)[number], BigInt64Array> = {
      input_ids: batch.inputIds,
      attention_mask: batch.attentionMask,
      token_type_ids: batch.tokenTypeIds,
    };
    const feeds = Object.fromEntries(
      this.session.inputNames.map((name) => [
        name,
        new Tensor('int64', available[name as (typeof TOKEN_INPUTS)[number]], shape),
      ]),
    );
    const output = (await this.session.run(feeds))[this.session.outputNames[0]];
    const width = this.labels.length;
    if (output.dims.length !== 2 || output.dims[0] !== texts.length || output.dims[1] !== width) {
      throw new Error(
        `${this.manifest.modelPath}: expected logits of shape [${texts.length}, ${width}] (id2label has ${width} labels), got [${output.dims.join(', ')}]`,
      );
    }
    const logits = output.data as Float32Array;
    return texts.map((_, row) => {
      const probs = this.activate(logits.subarray(row * width, (row + 1) * width));
      let best = 0;
      for (let c = 1; c < width; c++) if (probs[c] > probs[best]) best = c;
      return { label: this.labels[best], probs };
    });
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private activate(logits: Float32Array): Float32Array {
    if (this.manifest.activation === 'sigmoid')
      return Float32Array.from(logits, (z) => 1 / (1 + Math.exp(-z)));
    const max = Math.max(...logits);
    const exps = Float64Array.from(logits, (z) => Math.exp(z - max));
    const sum = exps.reduce((total, value) => total + value, 0);
    return Float32Array.from(exps, (value) => value / sum);
  }
}
