import { describe, expect, it } from 'vitest';
import { postFields, scoreJson, shareEventJson, stanceObservationJson, topicStanceJson } from './output-json';

// Strings that JSON.stringify escapes: quotes, backslashes, control characters, a lone surrogate.
const awkward = 'a "quoted" \\ path\n\t\u0000 \ud800 ü 😀';

describe('output JSON pieces', () => {
  it('write scores as JSON.stringify does, non-finite numbers as null', () => {
    const score = {
      label: 'neutral' as const,
      probs: [0.1234, 1e-7, Number.NaN] as [number, number, number],
    };
    expect(scoreJson(score)).toBe(JSON.stringify(score));
    expect(topicStanceJson(awkward, score)).toBe(JSON.stringify({ topic_id: awkward, ...score }));
  });

  it('write observations and shares as JSON.stringify writes the objects', () => {
    const post = { id: `p ${awkward}`, author_id: `a ${awkward}`, created_at: '2026-11-01T12:00:00Z' };
    const fields = postFields(post, ['climate', awkward]);
    const score = { label: 'favor' as const, probs: [0, 0.25, 0.75] as [number, number, number] };
    expect(
      stanceObservationJson(
        fields,
        'climate',
        scoreJson(score),
        scoreJson(score),
        '{"region":"n"}',
        '"m@1"',
        '"s@1"',
      ),
    ).toBe(
      JSON.stringify({
        schema: 'stance-observation/v1',
        post_id: post.id,
        author_id: post.author_id,
        topic_id: 'climate',
        created_at: post.created_at,
        stance: score,
        sentiment: score,
        demographics: { region: 'n' },
        model: 'm@1',
        sentiment_model: 's@1',
      }),
    );
    const share = {
      schema: 'share/v1',
      object_id: `url:${awkward}`,
      object_kind: 'url',
      account_id: post.author_id,
      post_id: post.id,
      shared_at: post.created_at,
    };
    expect(shareEventJson(share.object_id, 'url', fields.shareTail)).toBe(
      JSON.stringify({ ...share, topic_ids: ['climate', awkward] }),
    );
    expect(shareEventJson(share.object_id, 'url', postFields(post, []).shareTail)).toBe(
      JSON.stringify(share),
    );
  });
});
