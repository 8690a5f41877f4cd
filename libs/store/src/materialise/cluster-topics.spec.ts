import { describe, expect, it } from 'vitest';
import { clusterTopicIds } from './cluster-topics';

describe('clusterTopicIds', () => {
  const topics = [
    { topic_id: 'vote', hashtags: ['vote'], keywords: ['ballot box'] },
    { topic_id: 'climate', hashtags: ['climatechange'], keywords: ['Climate'] },
  ];

  it('matches hashtag objects to topic hashtags, with or without #, case-insensitively', () => {
    expect(clusterTopicIds(['hashtag:#Vote'], topics)).toEqual(['vote']);
    expect(clusterTopicIds(['hashtag:voter'], topics)).toEqual([]);
  });

  it('matches keywords contained in url and text objects only, in registry order', () => {
    expect(
      clusterTopicIds(['url:https://x.example/climate', 'text:the BALLOT BOX was full'], topics),
    ).toEqual(['vote', 'climate']);
    expect(clusterTopicIds(['domain:climate.example', 'post:ballot box'], topics)).toEqual([]);
  });
});
