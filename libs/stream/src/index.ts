export { kafkaConnectionFromEnv, physicalTopic } from './config/kafka-connection';
export type { KafkaConnection, ProducerClient } from './config/kafka-connection';
export type { KafkaSasl, KafkaTls, SaslMechanism } from './config/kafka-security';
export { readSecretFile, Secret } from './config/secret';
export { createKafka } from './kafka/kafka-client';
export { waitForBroker } from './kafka/wait-for-broker';
export { watchBrokerReachability } from './kafka/broker-reachability';
export { topicCatalog } from './topics/topic-catalog';
export type { TopicSpec } from './topics/topic-catalog';
export { applyTopics } from './topics/apply-topics';
export type { TopicDifference } from './topics/apply-topics';
export { BatchConsumer } from './runtime/batch-consumer';
export type { BatchConsumerOptions } from './runtime/batch-consumer';
export { createProducerSink, ProducerSink } from './runtime/producer-sink';
export type { RecordProducer } from './runtime/producer-sink';
export { createOutOfBatchSink, LazilyConnectedSink } from './runtime/out-of-batch-sink';
export type { OutOfBatchSink } from './runtime/out-of-batch-sink';
export { QuietStreamTimer } from './runtime/quiet-stream-timer';
export { DirectProducer } from './kafka/direct/direct-producer';
export type { DirectProducerOptions, TopicRecords } from './kafka/direct/direct-producer';
export { TransientError } from './runtime/transient-error';
export { backoffDelayMs } from './runtime/backoff';
export type {
  BatchHandler,
  BatchResult,
  InboundMessage,
  OutboundMessage,
  PartitionAssigned,
  Rejection,
  Subscription,
} from './runtime/stream-message';
export { ConsumeBatches } from './nest/consume-batches.decorator';
export { KafkaBatchServer } from './nest/kafka-batch.server';
export type { KafkaBatchServerOptions, PartitionHooks } from './nest/kafka-batch.server';
export {
  createBenchTopics,
  deleteBenchTopics,
  fillTopic,
  runBarePassThrough,
  runStreamPassThrough,
} from './bench/pass-through-bench';
export type { PassThroughRun } from './bench/pass-through-bench';
export { createBatchMicroservice } from './nest/create-batch-microservice';
export { readPartitionRange } from './runtime/partition-reader';
export { readEventTimeHorizon } from './runtime/read-event-time-horizon';
export type { HorizonRange } from './runtime/read-event-time-horizon';
export type { PartitionRange, StoredMessage } from './runtime/partition-reader';
export { topicEndOffsets } from './kafka/topic-end-offsets';
export { groupCommittedOffsets } from './kafka/group-committed-offsets';
export { applyTopicCatalog } from './topics/apply-topic-catalog';
export { readLatestByKey } from './runtime/read-latest-by-key';
export { readTopicValues } from './runtime/read-topic-values';
export { CompactedTopicFollower } from './runtime/compacted-topic-follower';
export type {
  CompactedTopicFollowerOptions,
  FollowedRecord,
  RecordProblem,
} from './runtime/compacted-topic-follower';
