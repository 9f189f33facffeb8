import type { MessageKey } from './i18n/catalog';

/** A one-shot message shown on the next page (e.g. "Password changed, please sign in"). */
export interface Flash {
  key: MessageKey;
  vars?: Record<string, string | number>;
  tone?: 'success' | 'info';
}

let pending: Flash | null = null;

export function setFlash(flash: Flash) {
  pending = flash;
}

export function peekFlash(): Flash | null {
  return pending;
}

export function clearFlash(flash: Flash) {
  if (pending === flash) pending = null;
}

const STATUS_ID = 'a11y-status';

/** Say something politely through the page-wide live region. */
export function announce(message: string) {
  const el = document.getElementById(STATUS_ID);
  if (!el) return;
  el.textContent = '';
  window.setTimeout(() => {
    el.textContent = message;
  }, 60);
}

export const statusRegionId = STATUS_ID;
