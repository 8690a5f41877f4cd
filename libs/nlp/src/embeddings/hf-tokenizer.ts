import { Tokenizer } from '@huggingface/tokenizers';

/** Token ids of one batch, padded to its longest sequence, laid out row-major as the ONNX graph wants them. */
export interface EncodedBatch {
  readonly inputIds: BigInt64Array;
  readonly attentionMask: BigInt64Array;
  readonly tokenTypeIds: BigInt64Array;
  readonly batchSize: number;
  readonly sequenceLength: number;
}

/** all-MiniLM-L6-v2 was trained with 256-token inputs (sentence-transformers' max_seq_length). */
export const DEFAULT_MAX_TOKENS = 256;

/**
 * Tokenisation driven by a Hugging Face `tokenizer.json`: for MiniLM, BERT WordPiece (lower-casing,
 * accent stripping, punctuation and CJK splitting, greedy longest-match pieces with `##`, [UNK], and
 * the [CLS]/[SEP] template all come from the file); BPE and Unigram files of pluggable classifiers
 * work the same way. `@huggingface/tokenizers` ignores the file's truncation and padding sections,
 * so both are done here: truncation keeps the first `maxTokens - 1` ids and the closing special
 * token; padding goes to the longest sequence of each batch rather than a fixed length, because
 * tweets are short and padding costs inference time.
 */
export class HfTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly padId: number;

  constructor(
    tokenizerJson: unknown,
    readonly maxTokens = DEFAULT_MAX_TOKENS,
  ) {
    if (typeof tokenizerJson !== 'object' || tokenizerJson === null) {
      throw new Error('tokenizer.json: expected a JSON object');
    }
    if (!Number.isInteger(maxTokens) || maxTokens < 3) {
      throw new Error(`maxTokens: expected an integer >= 3, got ${maxTokens}`);
    }
    this.tokenizer = new Tokenizer(tokenizerJson, {});
    this.padId = padIdOf(tokenizerJson as { padding?: { pad_id?: unknown } }, this.tokenizer);
  }

  /** Ids of one text with its special tokens ([CLS] ... [SEP]), truncated to `maxTokens`. */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    if (ids.length <= this.maxTokens) return ids;
    // The template's closing token ([SEP], </s>) stays last, as the model saw it in training.
    const kept = ids.slice(0, this.maxTokens - 1);
    kept.push(ids[ids.length - 1]);
    return kept;
  }

  /** Word pieces of one text (for inspection and tests), without the special tokens. */
  tokenize(text: string): string[] {
    return this.tokenizer.tokenize(text);
  }

  idOf(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  encodeBatch(texts: readonly string[]): EncodedBatch {
    const encoded = texts.map((text) => this.encode(text));
    const sequenceLength = encoded.reduce((longest, ids) => Math.max(longest, ids.length), 0);
    const size = texts.length * sequenceLength;
    const inputIds = new BigInt64Array(size).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(size);
    encoded.forEach((ids, row) => {
      const offset = row * sequenceLength;
      for (let i = 0; i < ids.length; i++) {
        inputIds[offset + i] = BigInt(ids[i]);
        attentionMask[offset + i] = 1n;
      }
    });
    // Single-sentence inputs: every token is segment 0.
    const tokenTypeIds = new BigInt64Array(size);
    return { inputIds, attentionMask, tokenTypeIds, batchSize: texts.length, sequenceLength };
  }
}

function padIdOf(json: { padding?: { pad_id?: unknown } }, tokenizer: Tokenizer): number {
  const configured = json.padding?.pad_id;
  if (typeof configured === 'number') return configured;
  // Padding positions are masked out, so any id works; the conventional pad token keeps dumps readable.
  return tokenizer.token_to_id('[PAD]') ?? tokenizer.token_to_id('<pad>') ?? 0;
}
