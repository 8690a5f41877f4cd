import type { BenchStage } from '../bench-stage';
import { accurateTierStage } from './accurate-tier.stage';
import { apiStage } from './api.stage';
import { connectorStage } from './connector.stage';
import { coordinationDetectBrokerStage } from './coordination-detect-broker.stage';
import { coordinationGermanBatchStage } from './coordination-german-batch.stage';
import { coordinationRussianBatchStage } from './coordination-russian-batch.stage';
import { coordinationStreamingCoreStage } from './coordination-streaming-core.stage';
import { contractsDecodeStage } from './contracts-decode.stage';
import { fastTierStage } from './fast-tier.stage';
import { opinionBrokerStage } from './opinion-broker.stage';
import { scorerBrokerStage } from './scorer-broker.stage';
import { scoringCoreStage } from './scoring-core.stage';

/** Every stage `riptide bench` runs, in order. Add a stage by appending its module here. */
export const benchStages: BenchStage[] = [
  coordinationRussianBatchStage,
  coordinationGermanBatchStage,
  coordinationStreamingCoreStage,
  contractsDecodeStage,
  scoringCoreStage,
  fastTierStage,
  accurateTierStage,
  scorerBrokerStage,
  coordinationDetectBrokerStage,
  opinionBrokerStage,
  apiStage,
  connectorStage,
];
