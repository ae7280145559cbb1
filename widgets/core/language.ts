/**
 * @module
 * Which language a widget speaks: its own `lang`, else the closest ancestor's `lang` (across
 * shadow roots), else the page's, else Latvian. A host page that switches language by changing a
 * `lang` attribute anywhere sees every widget re-render.
 */
import { defaultLanguage, toLanguage, type Language } from './i18n/messages.ts';

export function resolveLanguage(element: Element): Language {
  let node: Element | null = element;
  while (node) {
    const tagged = node.closest('[lang]:not([lang=""])');
    if (tagged) return toLanguage(tagged.getAttribute('lang')) ?? defaultLanguage;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return toLanguage(element.ownerDocument.documentElement.lang) ?? defaultLanguage;
}

const listeners = new Set<() => void>();
let observer: MutationObserver | undefined;

/**
 * Calls `onChange` whenever a `lang` attribute changes anywhere in the document. One observer
 * serves every widget. Returns the unsubscribe function.
 */
export function observeLanguageChanges(onChange: () => void): () => void {
  listeners.add(onChange);
  if (!observer) {
    observer = new MutationObserver(() => {
      for (const listener of [...listeners]) listener();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}
