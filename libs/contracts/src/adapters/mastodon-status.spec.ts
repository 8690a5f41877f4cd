import { describe, expect, it } from 'vitest';
import { adaptMastodonStatus, mastodonDeletion, mastodonPostId } from './mastodon-status';
import type { AdaptResult } from './post-format';

const INSTANCE = 'https://mastodon.social';

const alice = {
  id: '109',
  username: 'alice',
  acct: 'alice',
  display_name: 'Alice',
  url: 'https://mastodon.social/@alice',
  uri: 'https://mastodon.social/users/alice',
};

/** A status as the streaming API sends it (fields Riptide does not map included), with `changes` over it. */
function status(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '112233445566778899',
    created_at: '2024-05-01T12:00:00.000Z',
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: 'en',
    uri: 'https://mastodon.social/users/alice/statuses/112233445566778899',
    url: 'https://mastodon.social/@alice/112233445566778899',
    replies_count: 0,
    reblogs_count: 2,
    favourites_count: 5,
    edited_at: null,
    content: '<p>hello</p>',
    reblog: null,
    application: { name: 'Web', website: null },
    account: alice,
    media_attachments: [],
    mentions: [],
    tags: [],
    emojis: [],
    card: null,
    poll: null,
    ...changes,
  };
}

function post(result: AdaptResult) {
  if (result.ok !== true) throw new Error(`expected a post, got ${JSON.stringify(result)}`);
  return result.post;
}

function problem(result: AdaptResult) {
  return result.ok === false ? { code: result.error.code, field: result.error.field } : result;
}

const hashtagLink =
  '<a href="https://mastodon.social/tags/Climate" class="mention hashtag" rel="tag">#<span>Climate</span></a>';
const mentionLink =
  '<span class="h-card" translate="no"><a href="https://fosstodon.org/@bob" class="u-url mention">@<span>bob</span></a></span>';
const webLink =
  '<a href="https://example.org/vote?a=1&amp;b=2" target="_blank" rel="nofollow noopener noreferrer" translate="no">' +
  '<span class="invisible">https://</span><span class="">example.org/vote?a=1&amp;b=2</span><span class="invisible"></span></a>';

describe('adaptMastodonStatus', () => {
  it('maps a public post with a hashtag, a mention, links and media', () => {
    const result = adaptMastodonStatus(
      status({
        content: `<p>Vote yes ${hashtagLink} ${mentionLink} ${webLink}</p><p>Polls&nbsp;close at 8<br />&amp; count &#8212; now</p>`,
        sensitive: true,
        spoiler_text: 'politics',
        mentions: [
          { id: '7', username: 'bob', url: 'https://fosstodon.org/@bob', acct: 'bob@fosstodon.org' },
        ],
        tags: [{ name: 'Climate', url: 'https://mastodon.social/tags/Climate' }],
        media_attachments: [
          {
            id: '1',
            type: 'image',
            url: 'https://files.example/1.png',
            blurhash: 'UeKUpFxuo~R%0nW;WCnhF6RjaJt757oJodS$',
          },
          { id: '2', type: 'audio', url: 'https://files.example/2.mp3', blurhash: null },
        ],
        // The card usually previews a link of the text: kept once.
        card: { url: 'https://example.org/vote?a=1&b=2', title: 'Vote', type: 'link' },
      }),
      INSTANCE,
    );
    expect(post(result)).toEqual({
      schema: 'post/v1',
      id: 'https://mastodon.social/api/v1/statuses/112233445566778899',
      platform: 'mastodon',
      author_id: 'https://mastodon.social/users/alice',
      created_at: '2024-05-01T12:00:00.000Z',
      text: 'Vote yes #Climate @bob https://example.org/vote?a=1&b=2\n\nPolls\u00a0close at 8\n& count \u2014 now',
      lang: 'en',
      kind: 'original',
      referenced_post_id: null,
      urls: ['https://example.org/vote?a=1&b=2'],
      hashtags: ['Climate'],
      mentions: ['https://fosstodon.org/@bob'],
      media_hashes: ['blurhash:UeKUpFxuo~R%0nW;WCnhF6RjaJt757oJodS$'],
      extra: {
        id: '112233445566778899',
        uri: 'https://mastodon.social/users/alice/statuses/112233445566778899',
        url: 'https://mastodon.social/@alice/112233445566778899',
        visibility: 'public',
        sensitive: true,
        spoiler_text: 'politics',
      },
    });
  });

  it('adds a card that previews a link outside the text', () => {
    const result = adaptMastodonStatus(
      status({ content: `<p>${webLink}</p>`, card: { url: 'https://news.example/story', type: 'link' } }),
      INSTANCE,
    );
    expect(post(result).urls).toEqual(['https://example.org/vote?a=1&b=2', 'https://news.example/story']);
  });

  it('reads a reblog as a repost of the reblogged status on the same instance, without text', () => {
    const reblogged = status({
      id: '998',
      uri: 'https://fosstodon.org/users/bob/statuses/4242',
      content: '<p>the original words <a href="https://example.org/x">x</a></p>',
      account: { ...alice, uri: 'https://fosstodon.org/users/bob' },
    });
    const result = adaptMastodonStatus(
      status({
        id: '1000',
        content: '',
        uri: 'https://mastodon.social/users/alice/statuses/1000/activity',
        reblog: reblogged,
      }),
      INSTANCE,
    );
    expect(post(result)).toMatchObject({
      id: 'https://mastodon.social/api/v1/statuses/1000',
      author_id: 'https://mastodon.social/users/alice',
      kind: 'repost',
      text: '',
      referenced_post_id: 'https://mastodon.social/api/v1/statuses/998',
      urls: [],
      extra: { reblog_uri: 'https://fosstodon.org/users/bob/statuses/4242' },
    });
  });

  it('reads a reply as a reply to the status it answers', () => {
    const result = adaptMastodonStatus(
      status({ in_reply_to_id: '997', in_reply_to_account_id: '8', content: `<p>${mentionLink} agreed</p>` }),
      INSTANCE,
    );
    expect(post(result)).toMatchObject({
      kind: 'reply',
      referenced_post_id: 'https://mastodon.social/api/v1/statuses/997',
      text: '@bob agreed',
      urls: [],
    });
  });

  it('reads an accepted quote (Mastodon 4.4+) as a quote, without the "RE:" fallback paragraph', () => {
    const quoted = status({ id: '996', uri: 'https://mastodon.social/users/carol/statuses/996' });
    const content =
      '<p>my take on this</p><p class="quote-inline">RE: <a href="https://mastodon.social/@carol/996">' +
      '<span class="invisible">https://</span><span class="">mastodon.social/@carol/996</span></a></p>';
    const result = adaptMastodonStatus(
      status({ content, in_reply_to_id: '995', quote: { state: 'accepted', quoted_status: quoted } }),
      INSTANCE,
    );
    expect(post(result)).toMatchObject({
      kind: 'quote',
      referenced_post_id: 'https://mastodon.social/api/v1/statuses/996',
      text: 'my take on this',
      urls: [],
      extra: { quoted_uri: 'https://mastodon.social/users/carol/statuses/996', in_reply_to_id: '995' },
    });
  });

  it('reads a shallow quote by its id, and a quote not (or no longer) accepted as no quote', () => {
    const shallow = adaptMastodonStatus(
      status({ quote: { state: 'accepted', quoted_status_id: '996' } }),
      INSTANCE,
    );
    expect(post(shallow)).toMatchObject({
      kind: 'quote',
      referenced_post_id: 'https://mastodon.social/api/v1/statuses/996',
    });
    for (const state of ['pending', 'revoked', 'deleted']) {
      const result = adaptMastodonStatus(status({ quote: { state, quoted_status: null } }), INSTANCE);
      expect(post(result)).toMatchObject({ kind: 'original', referenced_post_id: null });
    }
  });

  it('skips private and direct statuses as not posts', () => {
    for (const visibility of ['private', 'direct']) {
      expect(adaptMastodonStatus(status({ visibility }), INSTANCE)).toEqual({
        ok: 'skip',
        code: 'not_a_post',
        reason: `${visibility} status: only public and unlisted statuses are posts`,
      });
    }
    expect(post(adaptMastodonStatus(status({ visibility: 'unlisted' }), INSTANCE)).extra).toMatchObject({
      visibility: 'unlisted',
    });
  });

  it('names the author by account.url when the account has no uri, and keeps a null language', () => {
    const result = adaptMastodonStatus(
      status({ account: { ...alice, uri: undefined }, language: null }),
      INSTANCE,
    );
    expect(post(result)).toMatchObject({ author_id: 'https://mastodon.social/@alice', lang: null });
  });

  it('builds ids from the origin of the instance, whatever path or trailing slash it was given with', () => {
    const a = post(adaptMastodonStatus(status(), 'https://mastodon.social/')).id;
    const b = post(adaptMastodonStatus(status(), 'https://mastodon.social/api/v1/streaming')).id;
    expect(a).toBe(b);
    expect(mastodonPostId('https://mastodon.social/', '42')).toBe(
      'https://mastodon.social/api/v1/statuses/42',
    );
  });

  it('refuses an instance that is not a URL as a configuration error', () => {
    expect(() => adaptMastodonStatus(status(), 'mastodon.social')).toThrow(
      'the Mastodon instance must be a URL such as https://mastodon.social, got "mastodon.social"',
    );
  });

  it.each([
    ['not an object', '<p>html</p>', 'not_an_object', null],
    ['a numeric id', status({ id: 112233 }), 'schema_violation', 'id'],
    ['an id with letters (not Mastodon)', status({ id: 'AbC123' }), 'schema_violation', 'id'],
    ['no visibility', status({ visibility: undefined }), 'schema_violation', 'visibility'],
    ['no account', status({ account: undefined }), 'schema_violation', 'account.uri'],
    ['content not HTML text', status({ content: null }), 'schema_violation', 'content'],
    ['a reblog without an id', status({ reblog: { content: '' } }), 'schema_violation', 'reblog.id'],
    ['a reply to a bad id', status({ in_reply_to_id: 12 }), 'schema_violation', 'in_reply_to_id'],
    [
      'a quote of a bad id',
      status({ quote: { state: 'accepted', quoted_status: { id: '' } } }),
      'schema_violation',
      'quote.quoted_status.id',
    ],
    ['a bad date', status({ created_at: 'yesterday' }), 'schema_violation', 'created_at'],
    ['a tag with its #', status({ tags: [{ name: '#climate' }] }), 'schema_violation', 'hashtags[0]'],
  ])('reports %s, naming the field', (_case, value, code, field) => {
    expect(problem(adaptMastodonStatus(value, INSTANCE))).toEqual({ code, field });
  });
});

describe('mastodonDeletion', () => {
  it('names the deleted post as its creation was named', () => {
    const created = post(adaptMastodonStatus(status(), INSTANCE));
    expect(mastodonDeletion('112233445566778899', INSTANCE, '2024-05-01T13:00:00.000Z')).toEqual({
      ok: 'delete',
      deletion: {
        schema: 'post-deletion/v1',
        id: created.id,
        platform: 'mastodon',
        author_id: null,
        deleted_at: '2024-05-01T13:00:00.000Z',
      },
    });
  });

  it.each([
    ['a number', 112233, 'id'],
    ['an empty id', '', 'id'],
    ['a JSON object', { id: '1' }, 'id'],
  ])('refuses %s as the status id', (_case, id, field) => {
    expect(problem(mastodonDeletion(id, INSTANCE, '2024-05-01T13:00:00.000Z'))).toEqual({
      code: 'schema_violation',
      field,
    });
  });

  it('refuses a deletion time without a zone', () => {
    expect(problem(mastodonDeletion('1', INSTANCE, '2024-05-01 13:00'))).toEqual({
      code: 'schema_violation',
      field: 'deleted_at',
    });
  });
});
