import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileTopicMatcher, loadTopicRegistry, type Topic, type TopicMatcher } from '@riptide/nlp';
import { parsePopulationMargins, type PopulationMargins } from '@riptide/opinion';
import { defaultDataDir } from '../data-dir';
import { readStanceTextPool, type StanceTextPool } from './stance-text-pool';

/** Where the simulation reads its configuration and texts; each defaults to the repository's own. */
export interface SimulationSources {
  readonly dataDir?: string;
  readonly topicsFile?: string;
  readonly populationFile?: string;
}

/** What every simulated opinion run needs: margins, the topics with stance targets, the matcher. */
export interface SimulationInputs {
  readonly dataDir: string;
  readonly margins: PopulationMargins;
  /** The topics with a stance target, in the registry's order. */
  readonly stanceTopics: readonly Topic[];
  readonly matchTopics: TopicMatcher;
}

export function loadSimulationInputs(sources: SimulationSources = {}): SimulationInputs {
  const registry = loadTopicRegistry(resolve(sources.topicsFile ?? 'config/topics.json'));
  const populationFile = resolve(sources.populationFile ?? 'config/population.json');
  const margins = parsePopulationMargins(JSON.parse(readFileSync(populationFile, 'utf8')));
  return {
    dataDir: sources.dataDir ?? defaultDataDir(),
    margins,
    stanceTopics: registry.topics.filter((topic) => topic.stance !== undefined),
    matchTopics: compileTopicMatcher(registry),
  };
}

export function topicPool(inputs: SimulationInputs, topicId: string): StanceTextPool {
  const topic = inputs.stanceTopics.find((candidate) => candidate.id === topicId);
  if (!topic)
    throw new Error(
      `topic ${topicId}: not a topic with a stance target (${inputs.stanceTopics.map((t) => t.id).join(', ')})`,
    );
  return readStanceTextPool(inputs.dataDir, topic, inputs.matchTopics);
}
