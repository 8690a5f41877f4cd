import type { OpinionMeasure } from '@riptide/contracts';
import { loadTopicRegistry } from '@riptide/nlp';
import { ConfigError } from '@riptide/observability';
import { parsePopulationMargins, type ConfusionMatrix, type PopulationMargins } from '@riptide/opinion';
import { readFileSync } from 'node:fs';
import { ConfusionCatalog } from './models/confusion-catalog';
import type { OpinionConfig } from './opinion-config';

/** What every topic's state needs, read once at start: a bad file stops the start with a message naming it. */
export interface OpinionContext {
  readonly config: OpinionConfig;
  readonly margins: PopulationMargins;
  /** The registry's topics that have a stance target: the topics this service may see. */
  readonly stanceTopicIds: readonly string[];
  readonly confusionFor: (
    topicId: string,
  ) => (model: string, measure: OpinionMeasure) => ConfusionMatrix | undefined;
}

export const OPINION_CONTEXT = Symbol('OpinionContext');

export function loadOpinionContext(config: OpinionConfig): OpinionContext {
  const margins = readAtStart('OPINION_POPULATION_FILE', config.populationFile, () =>
    parsePopulationMargins(JSON.parse(readFileSync(config.populationFile, 'utf8'))),
  );
  const registry = readAtStart('OPINION_TOPICS_FILE', config.topicsFile, () =>
    loadTopicRegistry(config.topicsFile),
  );
  const targets = new Map(registry.topics.map((topic) => [topic.id, topic.stance?.target]));
  const catalog = readAtStart('OPINION_MODELS_DIR', config.modelsDir, () =>
    ConfusionCatalog.load(config.modelsDir),
  );
  return {
    config,
    margins,
    stanceTopicIds: registry.topics.filter((topic) => topic.stance !== undefined).map((topic) => topic.id),
    // Sentiment has no targets: its matrices are pooled. A topic missing from the registry gets pooled stance matrices.
    confusionFor: (topicId) => (model, measure) =>
      catalog.matrixFor(model, measure === 'stance' ? targets.get(topicId) : undefined),
  };
}

function readAtStart<T>(variable: string, path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new ConfigError(`${variable} (${path}): ${error instanceof Error ? error.message : String(error)}`);
  }
}
