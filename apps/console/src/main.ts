import { adoptKeyFromFragment, forgetApiKey, storedApiKey } from './api/api-key';
import { parseRoute, type Route } from './router';
import { h, replaceChildren } from './ui/dom';
import { clusterListView } from './views/cluster-list';
import { clusterView } from './views/cluster-view';
import { evidencePairsView } from './views/evidence-pairs';
import { keyForm } from './views/key-form';
import { objectListView } from './views/object-list';
import { topicListView } from './views/topic-list';
import { topicView } from './views/topic-view';
import type { Teardown, View } from './views/view';

/** The navigation entry each page belongs to. */
const SECTIONS: Record<Route['page'], string> = {
  clusters: 'clusters',
  cluster: 'clusters',
  evidence: 'clusters',
  objects: 'objects',
  topics: 'topics',
  topic: 'topics',
};

function viewFor(route: Route): View {
  switch (route.page) {
    case 'cluster':
      return clusterView(route.clusterId);
    case 'evidence':
      return evidencePairsView(route.clusterId, route.params.get('object'));
    case 'objects':
      return objectListView(route.params);
    case 'topics':
      return topicListView;
    case 'topic':
      return topicView(route.topicId, route.params);
    case 'clusters':
      return clusterListView(route.params);
  }
}

function start(): void {
  adoptKeyFromFragment();
  const main = h('main', { id: 'content' });
  const nav = h(
    'nav',
    {},
    h('a', { href: '#/clusters', 'data-nav': 'clusters', 'data-testid': 'nav-clusters' }, 'Clusters'),
    h('a', { href: '#/objects', 'data-nav': 'objects', 'data-testid': 'nav-objects' }, 'Objects'),
    h('a', { href: '#/topics', 'data-nav': 'topics', 'data-testid': 'nav-topics' }, 'Topics'),
    h('a', { href: '/docs', target: '_blank', rel: 'noopener' }, 'API docs'),
  );
  const keyButton = h(
    'button',
    { type: 'button', class: 'link-button', 'data-testid': 'change-key' },
    'Change key',
  );
  const app = document.getElementById('app') ?? document.body;
  replaceChildren(
    app,
    h(
      'header',
      { class: 'top' },
      h('a', { class: 'brand', href: '#/clusters' }, 'Riptide', h('span', {}, 'analyst console')),
      nav,
      keyButton,
    ),
    main,
  );

  let teardown: Teardown | void;
  const render = () => {
    if (teardown) teardown();
    teardown = undefined;
    window.scrollTo(0, 0);
    if (!storedApiKey()) {
      keyForm(main, render);
      return;
    }
    const route = parseRoute(window.location.hash);
    const section = SECTIONS[route.page];
    for (const link of nav.querySelectorAll<HTMLAnchorElement>('a[data-nav]'))
      link.classList.toggle('active', link.dataset.nav === section);
    teardown = viewFor(route)(main);
  };
  keyButton.addEventListener('click', () => {
    if (teardown) teardown();
    teardown = undefined;
    forgetApiKey();
    keyForm(main, render);
  });
  window.addEventListener('hashchange', render);
  render();
}

start();
