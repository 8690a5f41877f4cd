import { createReadStream } from 'node:fs';
import { readPostRecords, type PostFormat } from './libs/contracts/src/index';
async function main() {
  const dir = 'libs/contracts/fixtures/adapters/';
  for (const [fmt, file] of [['twitter-v2', 'twitter-v2.ndjson'], ['twitter-v2', 'twitter-v2-page.json'], ['bluesky', 'bluesky-jetstream.ndjson'], ['coortweet', 'coortweet.csv'], ['qut', 'qut.csv'], ['post', 'posts.ndjson'], ['coortweet', 'coortweet-wrong-header.csv']] as [PostFormat, string][]) {
    console.log('==', fmt, file);
    try { for await (const r of readPostRecords(fmt, createReadStream(dir + file, { highWaterMark: 64 }))) console.log(JSON.stringify(r)); } catch (e) { console.log('THROW', (e as Error).name, (e as Error).message); }
  }
}
main();
