import { storeApiKey } from '../api/api-key';
import { h, replaceChildren } from '../ui/dom';

/** Asks for a key when none came with the URL; it lives in this tab's sessionStorage only. */
export function keyForm(root: HTMLElement, onKey: () => void, reason?: string): void {
  const input = h('input', {
    type: 'password',
    name: 'key',
    autocomplete: 'off',
    required: true,
    placeholder: 'rtk_…',
    'data-testid': 'key-input',
  });
  const form = h(
    'form',
    { class: 'panel key-form', 'data-testid': 'key-form' },
    h('h2', {}, 'API key'),
    h(
      'p',
      { class: 'muted' },
      reason ?? 'The console reads the API with a key that has the reader role. ',
      'Create one with ',
      h('code', {}, 'riptide apikey create --database --role reader'),
      ', or open the link ',
      h('code', {}, 'npm run demo'),
      ' prints. The key stays in this tab only.',
    ),
    h('label', { class: 'field' }, h('span', {}, 'Key'), input),
    h('button', { type: 'submit', class: 'button', 'data-testid': 'key-submit' }, 'Use this key'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    storeApiKey(input.value);
    onKey();
  });
  replaceChildren(root, form);
  input.focus();
}
