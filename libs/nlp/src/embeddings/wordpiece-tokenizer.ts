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
 * BERT WordPiece tokenisation driven by a Hugging Face `tokenizer.json` (normaliser, pre-tokeniser,
 * vocabulary, [CLS]/[SEP] template all come from the file). `@huggingface/tokenizers` ignores the
 * file's truncation and padding sections, so both are done here: truncation keeps [CLS], the first
 * `maxTokens - 2` pieces and [SEP]; padding goes to the longest sequence of each batch rather than the
 * file's fixed 128, because tweets are short and padding costs inference time.
 */
export class WordPieceTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly sepId: number;
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
    this.sepId = this.requireToken('[SEP]');
    this.padId = this.requireToken('[PAD]');
  }

  /** Ids of one text with [CLS] and [SEP], truncated to `maxTokens`. */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    if (ids.length <= this.maxTokens) return ids;
    const kept = ids.slice(0, this.maxTokens - 1);
    kept.push(this.sepId);
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

  private requireToken(token: string): number {
    const id = this.tokenizer.token_to_id(token);
    if (id === undefined) throw new Error(`tokenizer.json: vocabulary has no ${token} token`);
    return id;
  }
}
