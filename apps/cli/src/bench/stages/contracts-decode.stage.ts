import type { BenchStage } from '../bench-stage';

const DISTINCT_POSTS = 1_000;
const DECODES_PER_RUN = 500_000;
const ROUNDS = 4;

export const contractsDecodeStage: BenchStage = {
  name: 'contracts_decode',
  description:
    'postCodec.decode (JSON.parse + post/v1 validation) of ~600-byte synthetic posts from Buffers, one core; per_s = posts/s',
  needsBroker: false,
  async run(context) {
    const { postCodec } = await import('@riptide/contracts');
    const { syntheticPost } = await import('../synthetic-post');
    const messages = Array.from({ length: DISTINCT_POSTS }, (_, index) =>
      postCodec.encode(syntheticPost(index)),
    );
    const bytes = messages.reduce((sum, message) => sum + message.length, 0);
    context.progress(`contracts_decode: ${DECODES_PER_RUN} decodes per run, best of ${ROUNDS}`);

    // The same loop with JSON.parse alone shows how much of the cost is validation.
    const timeOnce = (decode: (message: Buffer) => boolean) => {
      let valid = 0;
      const started = performance.now();
      for (let i = 0; i < DECODES_PER_RUN; i++) if (decode(messages[i % DISTINCT_POSTS])) valid++;
      if (valid !== DECODES_PER_RUN)
        throw new Error(`contracts_decode: only ${valid} of ${DECODES_PER_RUN} synthetic posts were valid`);
      return (performance.now() - started) / 1000;
    };
    const decode = (message: Buffer) => postCodec.decode(message).ok;
    const parseOnly = (message: Buffer) => typeof JSON.parse(message.toString('utf8')) === 'object';
    timeOnce(decode);
    // Alternate the two loops so that both see the same load on a shared machine; keep the best of each.
    let seconds = Infinity;
    let parseSeconds = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      seconds = Math.min(seconds, timeOnce(decode));
      parseSeconds = Math.min(parseSeconds, timeOnce(parseOnly));
    }
    return {
      per_s: Math.round(DECODES_PER_RUN / seconds),
      bytes_per_message: Math.round(bytes / DISTINCT_POSTS),
      decodes: DECODES_PER_RUN,
      seconds: Number(seconds.toFixed(4)),
      json_parse_only_per_s: Math.round(DECODES_PER_RUN / parseSeconds),
    };
  },
};
