import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/open-store';
import { migratedStore, type StoreFactory } from '../../testing/store-factory';
import { QueryParameterError } from '../query-parameter-error';
import { listShifts } from '../shifts/list-shifts';
import type { Shift } from '../shifts/shift-row';
import { listTopics } from '../topics/list-topics';
import { topicOpinion } from '../topics/topic-opinion';
import { estimateRow, insertTopic, shiftRow } from './seed-rows';

const hour = (h: number) => new Date(Date.parse('2026-12-01T00:00:00.000Z') + h * 3_600_000).toISOString();

/** Topic t: 5 hourly buckets for the population and two age bands (one only from hour 2), a sentiment series, 4 shifts. */
async function seed(store: Store): Promise<void> {
  await insertTopic(store.db, 't', ['vote']);
  await insertTopic(store.db, 'quiet');
  const rows = [];
  for (let h = 0; h < 5; h++) {
    rows.push(
      estimateRow('t', h, null),
      estimateRow('t', h, ['age_band', '18-29']),
      estimateRow('t', h, ['gender', 'f']),
    );
    if (h >= 2) rows.push(estimateRow('t', h, ['age_band', '65+']));
    rows.push(estimateRow('t', h, null, { measure: 'sentiment' }));
  }
  await store.db.insertInto('opinion_estimates').values(rows).execute();
  await store.db
    .insertInto('opinion_shifts')
    .values([
      shiftRow('s1', 't', {}, hour(1)),
      shiftRow('s2', 't', { age_band: '18-29' }, hour(2), { detector: 'two-window' }),
      shiftRow('s3', 't', { age_band: '65+' }, hour(3)),
      shiftRow('s4', 't', { gender: 'f' }, hour(4), {
        decomposition: JSON.stringify({ kind: 'persuasion' }),
      }),
      // A dimension whose name would match age_band's LIKE pattern if '_' were not escaped.
      shiftRow('s5', 't', { ageXband: 'x' }, hour(4)),
    ])
    .execute();
}

export function opinionSuite(open: StoreFactory): void {
  describe('listTopics, topicOpinion, listShifts', () => {
    let store: Store;
    beforeAll(async () => {
      store = await migratedStore(open);
      await seed(store);
    });
    afterAll(() => store?.close());

    it('lists the topics with their estimate and shift counts', async () => {
      expect(await listTopics(store.db)).toEqual([
        {
          topic_id: 'quiet',
          name: 'Topic quiet',
          stance_target: 'quiet',
          stance_model: 'small',
          hashtags: [],
          keywords: [],
          estimates: 0,
          last_bucket_end: null,
          shifts: 0,
        },
        expect.objectContaining({
          topic_id: 't',
          hashtags: ['vote'],
          estimates: 23,
          last_bucket_end: hour(5),
          shifts: 5,
        }),
      ]);
    });

    it('gives the population and every group as series, oldest bucket first, with the shifts', async () => {
      const opinion = await topicOpinion(store.db, 't');
      expect(opinion!.measure).toBe('stance');
      expect(opinion!.series.map((series) => [series.group, series.points.length])).toEqual([
        [null, 5],
        [{ dimension: 'age_band', value: '18-29' }, 5],
        [{ dimension: 'age_band', value: '65+' }, 3],
        [{ dimension: 'gender', value: 'f' }, 5],
      ]);
      expect(opinion!.series[0].points[0]).toEqual({
        bucket_start: hour(0),
        bucket_end: hour(1),
        n: 100,
        n_eff: 80,
        raw: expect.objectContaining({ favor: { share: 0.2, ci_low: 0.1, ci_high: 0.3 } }),
        corrected: expect.any(Object),
        weighted: expect.any(Object),
        correction: 'pacc',
        model: 'stance-small@1.0.0',
      });
      expect(opinion!.shifts.map((shift) => shift.shift_id)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    });

    it('narrows to one dimension, one group, a window and the latest buckets', async () => {
      const ofAge = await topicOpinion(store.db, 't', { dimension: 'age_band' });
      expect(ofAge!.series.map((series) => series.group?.value)).toEqual(['18-29', '65+']);
      expect(ofAge!.shifts.map((shift) => shift.shift_id)).toEqual(['s2', 's3']);
      const one = await topicOpinion(store.db, 't', { dimension: 'age_band', value: '65+', limit: 2 });
      expect(one!.series).toHaveLength(1);
      expect(one!.series[0].points.map((point) => point.bucket_start)).toEqual([hour(3), hour(4)]);
      const window = await topicOpinion(store.db, 't', {
        since: new Date(hour(1)),
        until: new Date(hour(3)),
      });
      expect(window!.series[0].points.map((point) => point.bucket_start)).toEqual([hour(1), hour(2)]);
      const sentiment = await topicOpinion(store.db, 't', { measure: 'sentiment' });
      expect(sentiment!.series.map((series) => series.points.length)).toEqual([5]);
      expect(sentiment!.shifts).toEqual([]);
      expect(await topicOpinion(store.db, 'unknown-topic')).toBeUndefined();
      await expect(topicOpinion(store.db, 't', { value: '65+' })).rejects.toBeInstanceOf(QueryParameterError);
    });

    it('lists shifts the latest first, filtered by topic, detector and group, page by page', async () => {
      const ids = async (query: Parameters<typeof listShifts>[1]) =>
        (await listShifts(store.db, query)).data.map((shift) => shift.shift_id);
      expect(await ids({})).toEqual(['s5', 's4', 's3', 's2', 's1']);
      expect(await ids({ detector: 'two-window' })).toEqual(['s2']);
      expect(await ids({ dimension: 'age_band' })).toEqual(['s3', 's2']);
      expect(await ids({ dimension: 'gender', value: 'f' })).toEqual(['s4']);
      expect(await ids({ topic: 'quiet' })).toEqual([]);
      expect(await ids({ since: new Date(hour(2)), until: new Date(hour(4)) })).toEqual(['s3', 's2']);
      const seen: Shift[] = [];
      let cursor: string | undefined;
      do {
        const page = await listShifts(store.db, { limit: 2, cursor });
        seen.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(seen.map((shift) => shift.shift_id)).toEqual(['s5', 's4', 's3', 's2', 's1']);
      expect(seen[1]).toMatchObject({
        topic_id: 't',
        detector: 'cusum',
        group: { gender: 'f' },
        label: 'favor',
        before: { share: 0.2 },
        after: { share: 0.4 },
        decomposition: { kind: 'persuasion' },
        detected_at: hour(4),
      });
      await expect(listShifts(store.db, { value: 'f' })).rejects.toMatchObject({ field: 'value' });
    });
  });
}
