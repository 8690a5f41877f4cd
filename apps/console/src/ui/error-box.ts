import { ApiError } from '../api/api-client';
import { forgetApiKey } from '../api/api-key';
import { h } from './dom';

/** Shows a failure as the API worded it: its message, the code, and the parameter it names. */
export function errorBox(error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    const { error: code, message, field } = error.body;
    return h(
      'div',
      { class: 'error', role: 'alert', 'data-testid': 'error', 'data-error': code },
      h('strong', {}, message),
      h(
        'div',
        { class: 'error-detail' },
        error.status > 0 ? `HTTP ${error.status} · ` : '',
        h('code', {}, code),
        field ? [' · parameter ', h('code', { 'data-testid': 'error-field' }, field)] : null,
      ),
      // A revoked or mistyped key: offer the key form rather than leave the analyst stuck.
      error.status === 401 || error.status === 403
        ? h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'data-testid': 'enter-key',
              onclick: () => {
                forgetApiKey();
                window.dispatchEvent(new HashChangeEvent('hashchange'));
              },
            },
            'Enter another key',
          )
        : null,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return h('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, h('strong', {}, message));
}
