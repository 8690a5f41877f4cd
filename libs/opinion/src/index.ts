export * from './opinion-types';
export * from './simulation/simulation-types';
export {
  simulateOpinionStream,
  type OpinionSimulation,
  type OpinionSimulationOptions,
} from './simulation/opinion-stream';
export {
  defaultPostingRates,
  type PopulationOptions,
  type PostingRates,
} from './simulation/synthetic-population';
