import { authorProfileCodec, postCodec } from '@riptide/contracts';
import { createProducerSink } from '@riptide/stream';
import { readTopicToEnd } from './read-topic-to-end';
import { compareIds, type ScaledRole } from './scaled-role';
import { authorProfile, PROFILES, type PostStream } from '../tweet-posts';

/** The figure: the scorer group on a posts.raw of 8 partitions (the topic catalog has 6). */
const PARTITIONS = 8;

/**
 * The scorer as deployed (one scoring thread, small models): `posts.raw` in, keyed by post id as
 * ingest writes it, with an `authors` topic of profiles to join; every post must come out on
 * `posts.scored`.
 */
export function scorerRole(posts: PostStream): ScaledRole {
  return {
    name: 'scorer',
    unit: 'posts/s',
    items: 'posts',
    inputTopic: 'posts.raw',
    topics: ['posts.raw', 'authors', 'posts.scored', 'stance.observations', 'shares'],
    partitions: PARTITIONS,
    backlogPerMessage: 1,
    partitionsFrom: 'the issue (8; the topic catalog has 6)',
    groupId: 'scorer',
    service: (kafka, instance) => ({
      name: `scorer ${instance}`,
      entry: 'apps/scorer/src/main.ts',
      kafka,
      env: { SCORER_PORT: '0' },
      running: /"msg":"scorer consuming posts.raw"/,
    }),
    async prepare(connection) {
      const sink = createProducerSink(connection);
      await sink.connect();
      try {
        await sink.send(
          Array.from({ length: PROFILES }, (_, index) => ({
            topic: 'authors',
            key: `account-${index}`,
            value: authorProfileCodec.encode(authorProfile(index)),
          })),
        );
      } finally {
        await sink.disconnect();
      }
    },
    message(index) {
      const post = posts(index);
      return { key: post.id, value: postCodec.encode(post) };
    },
    async checkOutput(connection, count) {
      const found = new Map<string, number>();
      await readTopicToEnd(connection, 'posts.scored', (value) => {
        const id = (JSON.parse(value.toString()) as { post: { id: string } }).post.id;
        found.set(id, (found.get(id) ?? 0) + 1);
      });
      const expected = new Set(Array.from({ length: count }, (_, index) => posts(index).id));
      return compareIds('every input post id on posts.scored', expected, found);
    },
  };
}
