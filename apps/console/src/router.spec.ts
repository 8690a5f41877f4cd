import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './router';

describe('routes', () => {
  it('round-trips identifiers that need escaping', () => {
    const fragment = href(['clusters', 'c/1 #x', 'evidence'], { object: 'url:https://a.example/?q=1&r=2' });
    const route = parseRoute(fragment);
    expect(route).toMatchObject({ page: 'evidence', clusterId: 'c/1 #x' });
    expect(route.params.get('object')).toBe('url:https://a.example/?q=1&r=2');
  });

  it('opens the cluster list on an empty or unknown fragment', () => {
    expect(parseRoute('').page).toBe('clusters');
    expect(parseRoute('#/nowhere').page).toBe('clusters');
    expect(parseRoute('#/topics')).toMatchObject({ page: 'topics' });
    expect(parseRoute('#/topics/feminist?group=age_group%3D45-64')).toMatchObject({
      page: 'topic',
      topicId: 'feminist',
    });
  });
});
