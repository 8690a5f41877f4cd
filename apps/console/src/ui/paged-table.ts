import type { Page } from '../api/types';
import { h, replaceChildren, table } from './dom';
import { errorBox } from './error-box';

export interface PagedTableOptions<T> {
  testId: string;
  headers: string[];
  empty: string;
  fetchPage(cursor: string | null): Promise<Page<T>>;
  row(item: T): HTMLTableRowElement;
}

/**
 * A table filled page by page with the API's keyset cursor: "Load more" asks for the page after the
 * last row shown, so rows added meanwhile neither repeat nor shift what is already on screen.
 */
export function pagedTable<T>(options: PagedTableOptions<T>): { element: HTMLElement; stop(): void } {
  const body = table(options.testId, options.headers, []);
  const tbody = body.tBodies[0];
  const status = h('div', { class: 'pager-status' });
  const more = h(
    'button',
    { type: 'button', class: 'button', 'data-testid': 'load-more', hidden: true },
    'Load more',
  );
  let cursor: string | null = null;
  let stopped = false;
  let rows = 0;

  async function load(): Promise<void> {
    more.disabled = true;
    status.replaceChildren(h('span', { class: 'muted' }, 'Loading…'));
    try {
      const page = await options.fetchPage(cursor);
      if (stopped) return;
      for (const item of page.data) tbody.append(options.row(item));
      rows += page.data.length;
      cursor = page.next_cursor;
      more.hidden = cursor === null;
      replaceChildren(
        status,
        rows === 0 ? h('p', { class: 'muted', 'data-testid': 'empty' }, options.empty) : null,
      );
      body.dataset.rows = String(rows);
    } catch (error) {
      if (!stopped) replaceChildren(status, errorBox(error));
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener('click', () => void load());
  void load();
  return {
    element: h('div', {}, h('div', { class: 'scroll' }, body), status, h('div', { class: 'pager' }, more)),
    stop: () => {
      stopped = true;
    },
  };
}
