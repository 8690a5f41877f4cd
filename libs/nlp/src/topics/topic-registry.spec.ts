import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopicRegistry, parseTopicRegistry, TopicConfigError } from './topic-registry';

const valid = {
  schema: 'topics/v1',
  topics: [
    {
      id: 'climate',
      name: 'Climate',
      keywords: ['Climate Change'],
      hashtags: ['#ActOnClimate'],
      stance: { target: 'climate' },
    },
  ],
};

function errorOf(raw: unknown): TopicConfigError {
  try {
    parseTopicRegistry(raw);
  } catch (error) {
    if (error instanceof TopicConfigError) return error;
    throw error;
  }
  throw new Error('expected a TopicConfigError');
}

describe('parseTopicRegistry', () => {
  it('normalises keywords and hashtags to lower case without #, and defaults the optional lists', () => {
    const [topic] = parseTopicRegistry(valid).topics;
    expect(topic).toEqual({
      id: 'climate',
      name: 'Climate',
      keywords: ['climate change'],
      hashtags: ['actonclimate'],
      patterns: [],
      languages: [],
      stance: { target: 'climate' },
    });
  });

  it.each([
    [{ ...valid, schema: 'topics/v2' }, 'schema', 'expected "topics/v1"'],
    [{ schema: 'topics/v1' }, 'topics', 'expected an array'],
    [
      { schema: 'topics/v1', topics: [{ ...valid.topics[0], id: 'Climate Change' }] },
      'topics[0].id',
      'must be 1-64 characters',
    ],
    [
      { schema: 'topics/v1', topics: [valid.topics[0], valid.topics[0]] },
      'topics[1].id',
      'duplicate topic id "climate"',
    ],
    [
      { schema: 'topics/v1', topics: [{ ...valid.topics[0], name: ' ' }] },
      'topics[0].name',
      'non-empty string',
    ],
    [
      { schema: 'topics/v1', topics: [{ ...valid.topics[0], keywords: 'climate' }] },
      'topics[0].keywords',
      'array of strings',
    ],
    [
      { schema: 'topics/v1', topics: [{ ...valid.topics[0], hashtags: ['act on'] }] },
      'topics[0].hashtags[0]',
      'is not a hashtag',
    ],
    [
      { schema: 'topics/v1', topics: [{ ...valid.topics[0], patterns: ['ok', '(unclosed'] }] },
      'topics[0].patterns[1]',
      'invalid regular expression',
    ],
    [
      { schema: 'topics/v1', topics: [{ ...valid.topics[0], languages: ['english'] }] },
      'topics[0].languages[0]',
      'not a language code',
    ],
    [
      { schema: 'topics/v1', topics: [{ ...valid.topics[0], stance: { model: 'accurate' } }] },
      'topics[0].stance.target',
      'non-empty string',
    ],
    [
      { schema: 'topics/v1', topics: [{ ...valid.topics[0], hashtag: ['x'] }] },
      'topics[0].hashtag',
      'unknown field',
    ],
    [{ schema: 'topics/v1', topics: [{ id: 'empty', name: 'Empty' }] }, 'topics[0]', 'can never match'],
  ])('rejects bad config %#, naming the field', (raw, field, problem) => {
    const error = errorOf(raw);
    expect(error.field).toBe(field);
    expect(error.message).toContain(problem);
  });
});

describe('loadTopicRegistry', () => {
  it('loads the shipped registry with the five SemEval-2016 targets, each with a stance target', () => {
    const registry = loadTopicRegistry(resolve(__dirname, '../../../../config/topics.json'));
    expect(registry.topics.map((topic) => topic.id)).toEqual([
      'abortion',
      'atheism',
      'climate',
      'feminist',
      'hillary',
    ]);
    expect(registry.topics.map((topic) => topic.stance?.target)).toEqual([
      'abortion',
      'atheism',
      'climate',
      'feminist',
      'hillary',
    ]);
  });

  it('names the file in errors', () => {
    expect(() => loadTopicRegistry('/nonexistent/topics.json')).toThrow(
      '/nonexistent/topics.json: cannot read the topic registry',
    );
  });
});
