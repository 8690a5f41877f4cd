import type { BenchStage } from '../bench-stage';

export const coordinationStreamingCoreStage: BenchStage = {
  name: 'coordination_streaming_core',
  description:
    'StreamingCoShareDetector fed one share at a time in process (simulated stream with planted campaigns); per_s = shares/s',
  needsBroker: false,
  async run(context) {
    const { timeStreamingCore } = await import('./coordination-streaming-timing');
    return timeStreamingCore(context);
  },
};
