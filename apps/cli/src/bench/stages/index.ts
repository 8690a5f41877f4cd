import type { BenchStage } from '../bench-stage';

/** Every stage `riptide bench` runs, in order. Add a stage by appending its module here. */
export const benchStages: BenchStage[] = [];
