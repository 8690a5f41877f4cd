import { seededRandom } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import { AuthorPanel } from './author-panel';
import { decomposeShift } from './decompose-shift';

const OLD = { dimension: 'age_group', value: '65+' };
const BEFORE = { fromMs: 0, toMs: 24 };
const AFTER = { fromMs: 24, toMs: 48 };

/** Soft stance probabilities (none, against, favor) of a post by an author leaning `against` with this probability. */
function post(random: () => number, against: number): number[] {
  const sure = 0.6 + 0.3 * random();
  const saysAgainst = random() < against;
  return saysAgainst ? [(1 - sure) / 2, sure, (1 - sure) / 2] : [(1 - sure) / 2, (1 - sure) / 2, sure];
}

/** Authors posting 0-2 times an hour in hours [from, to), leaning against with `against(author)`. */
function posting(
  panel: AuthorPanel,
  random: () => number,
  authors: readonly string[],
  hours: { fromMs: number; toMs: number },
  against: (author: string) => number,
) {
  for (let hour = hours.fromMs; hour < hours.toMs; hour++)
    for (const author of authors)
      for (let posts = Math.floor(random() * 3); posts > 0; posts--)
        panel.record(hour, author, [OLD], post(random, against(author)));
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('decomposeShift', () => {
  it('calls a change of the same authors’ stance persuasion', () => {
    const random = seededRandom(21);
    const panel = new AuthorPanel(48);
    const authors = names('a', 150);
    posting(panel, random, authors, BEFORE, () => 0.3);
    posting(panel, random, authors, AFTER, () => 0.45);
    const result = decomposeShift(panel, OLD, 'against', BEFORE, AFTER);
    expect(result?.kind).toBe('persuasion');
    expect(result?.returningAuthors).toBe(150);
    expect(result?.total).toBeGreaterThan(0.05);
    expect(Math.abs(result!.composition)).toBeLessThan(0.2 * Math.abs(result!.total));
  });

  it('calls new authors of another stance joining, returning ones unchanged, composition', () => {
    const random = seededRandom(22);
    const panel = new AuthorPanel(48);
    const stayers = names('s', 120);
    const newcomers = names('n', 60);
    posting(panel, random, stayers, BEFORE, () => 0.3);
    posting(panel, random, [...stayers, ...newcomers], AFTER, (author) =>
      author.startsWith('n') ? 0.9 : 0.3,
    );
    const result = decomposeShift(panel, OLD, 'against', BEFORE, AFTER);
    expect(result?.kind).toBe('composition');
    expect(result?.returningAuthors).toBe(120);
    expect(result?.total).toBeGreaterThan(0.1);
    expect(Math.abs(result!.within)).toBeLessThan(0.2 * result!.total);
  });

  it('adds up exactly, and matches the explicit composition formula', () => {
    const panel = new AuthorPanel(48);
    // a returns and changes, b returns and posts more, c leaves, d arrives.
    panel.record(0, 'a', [OLD], [0, 0.2, 0.8]);
    panel.record(0, 'b', [OLD], [0, 0.5, 0.5]);
    panel.record(1, 'c', [OLD], [0, 1, 0]);
    panel.record(24, 'a', [OLD], [0, 0.6, 0.4]);
    panel.record(24, 'b', [OLD], [0, 0.5, 0.5]);
    panel.record(25, 'b', [OLD], [0, 0.5, 0.5]);
    panel.record(25, 'd', [OLD], [0, 0.9, 0.1]);
    const result = decomposeShift(panel, OLD, 'against', BEFORE, AFTER);
    // Before: (0.2 + 0.5 + 1) / 3; after: (0.6 + 0.5 + 0.5 + 0.9) / 4.
    const total = 2.5 / 4 - 1.7 / 3;
    // Within: a's change (0.6 - 0.2) at a's after weight 1/4; b unchanged.
    const within = (1 / 4) * 0.4;
    // b: (2/4 - 1/3) * 0.5; d arrives: 1/4 * 0.9; c leaves: -(1/3) * 1; a: (1/4 - 1/3) * 0.2.
    const composition = (2 / 4 - 1 / 3) * 0.5 + (1 / 4) * 0.9 - (1 / 3) * 1 + (1 / 4 - 1 / 3) * 0.2;
    expect(result).toMatchObject({
      returningAuthors: 2,
      total: expect.closeTo(total, 12),
      within: expect.closeTo(within, 12),
      composition: expect.closeTo(composition, 12),
    });
    expect(result!.within + result!.composition).toBeCloseTo(result!.total, 14);
  });

  it('names a split below the dominance ratio mixed, and gives nothing for an empty window', () => {
    const panel = new AuthorPanel(48);
    panel.record(0, 'a', [OLD], [0, 0, 1]);
    panel.record(24, 'a', [OLD], [0, 0.5, 0.5]);
    panel.record(24, 'b', [OLD], [0, 0.5, 0.5]);
    // total 0.5, within 0.25: half and half.
    expect(decomposeShift(panel, OLD, 'against', BEFORE, AFTER)?.kind).toBe('mixed');
    expect(decomposeShift(panel, OLD, 'against', BEFORE, AFTER, { dominance: 0.5 })?.kind).toBe('persuasion');
    expect(decomposeShift(panel, OLD, 'against', { fromMs: 100, toMs: 200 }, AFTER)).toBeNull();
  });
});
