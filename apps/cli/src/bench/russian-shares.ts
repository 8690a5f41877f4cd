import { SHARE_EVENT_SCHEMA, type ShareEvent } from '@riptide/contracts';
import { defaultDataDir } from '../data-dir';

const RUSSIAN_CSV = 'coordination/coortweet/russian_coord_tweets.csv';

/**
 * Share `index` of an endless stream in event-time order: the CooRTweet russian sample's retweets
 * sorted by time, repeated with times shifted past the sample's span (so repeats never pair with each
 * other), each with a unique post id. The stream of the `coordination_detect_broker` stage and of `bench --scale`.
 */
export type ShareStream = (index: number) => ShareEvent;

export async function russianShareStream(): Promise<ShareStream> {
  const { existsSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { CSV_SHARE_LAYOUTS, readSharesFromCsv } = await import('@riptide/coordination');
  const file = join(defaultDataDir(), RUSSIAN_CSV);
  if (!existsSync(file))
    throw new Error(`${file} not found: set RIPTIDE_DATA_DIR to the folder holding ${RUSSIAN_CSV}`);
  const { table } = readSharesFromCsv(readFileSync(file), CSV_SHARE_LAYOUTS.coortweet);
  const order = Array.from({ length: table.length }, (_, row) => row).sort(
    (a, b) => table.time[a] - table.time[b],
  );
  const span = table.time[order[order.length - 1]] - table.time[order[0]] + 3600;
  return (index) => {
    const row = order[index % order.length];
    const round = Math.floor(index / order.length);
    return {
      schema: SHARE_EVENT_SCHEMA,
      object_id: `post:${table.objects[table.object[row]]}`,
      object_kind: 'post',
      account_id: table.accounts[table.account[row]],
      post_id: `rt-${index}`,
      shared_at: new Date((table.time[row] + round * span) * 1000).toISOString(),
    };
  };
}
