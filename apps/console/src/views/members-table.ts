import type { Member } from '../api/types';
import { cells, h, table } from '../ui/dom';
import { formatCount, formatScore } from '../ui/format';

export function membersTable(
  members: Member[],
  total: number,
  onAccount: (accountId: string) => void,
): HTMLElement {
  const rows = members.map((member) => {
    const row = h('tr', {
      class: 'clickable',
      'data-account-id': member.account_id,
      onclick: () => onAccount(member.account_id),
    });
    row.append(
      ...cells(h('code', {}, member.account_id), formatCount(member.degree), formatScore(member.strength)),
    );
    return row;
  });
  const shown =
    total > members.length
      ? `The ${formatCount(members.length)} strongest of ${formatCount(total)} members.`
      : `${formatCount(total)} members.`;
  return h(
    'section',
    { class: 'panel', 'data-testid': 'members' },
    h('h3', {}, 'Members'),
    h(
      'p',
      { class: 'muted' },
      shown,
      ' Degree: accounts linked; strength: evidence edges. Click an account, here or in the graph, for its clusters.',
    ),
    h('div', { class: 'scroll' }, table('members-table', ['Account', 'Degree', 'Strength'], rows)),
  );
}
