import { Tensor } from 'onnxruntime-node';
import type { EncodedBatch } from './hf-tokenizer';

/** The three int64 inputs a Hugging Face BERT export takes, [batch, sequence] each. */
export function encoderFeeds(batch: EncodedBatch): Record<string, Tensor> {
  const shape = [batch.batchSize, batch.sequenceLength];
  return {
    input_ids: new Tensor('int64', batch.inputIds, shape),
    attention_mask: new Tensor('int64', batch.attentionMask, shape),
    token_type_ids: new Tensor('int64', batch.tokenTypeIds, shape),
  };
}
