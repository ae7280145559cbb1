/**
 * Layout checks for WCAG 1.4.10 (reflow at 320 CSS px) and 1.4.12 (text spacing), run in the real
 * browser on what a widget actually rendered, shadow roots included.
 */
import { until } from './fixture.ts';

/** Every element under `root`, descending into open shadow roots. */
export function deepElements(root: Element | ShadowRoot | Document): Element[] {
  const found: Element[] = [];
  const walk = (node: Element | ShadowRoot | Document) => {
    for (const child of node.children) {
      found.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** Screen-reader-only content is meant to be clipped: skip it and what is inside it. */
function hiddenOnPurpose(element: Element): boolean {
  for (let node: Element | null = element; node; ) {
    if (node.classList.contains('visually-hidden') || node.classList.contains('doorstep-visually-hidden')) return true;
    const root = node.getRootNode();
    node = node.parentElement ?? (root instanceof ShadowRoot ? root.host : null);
  }
  return false;
}

function describe(element: Element): string {
  const root = element.getRootNode();
  const host = root instanceof ShadowRoot ? `${root.host.localName} › ` : '';
  const classes = element.getAttribute('class') ? `.${element.getAttribute('class')!.trim().split(/\s+/).join('.')}` : '';
  const part = element.getAttribute('part') ? `[part=${element.getAttribute('part')}]` : '';
  return `${host}${element.localName}${classes}${part} "${(element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
}

/**
 * Fails when the page scrolls sideways, naming the elements that stick out past the viewport
 * (WCAG 1.4.10: content reflows into one column at 320 CSS px).
 */
export function horizontalOverflow(what: string): string | null {
  const page = document.documentElement;
  if (page.scrollWidth <= page.clientWidth) return null;
  const width = page.clientWidth;
  const culprits = deepElements(document)
    .filter((element) => element.getBoundingClientRect().right > width + 0.5 && !hiddenOnPurpose(element))
    .slice(-6)
    .map(describe);
  return `${what}: the page is ${page.scrollWidth} px wide in a ${width} px viewport; sticking out: ${culprits.join('; ')}`;
}

const SPACING_CSS = `
  *, *::before, *::after {
    line-height: 1.5 !important;
    letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important;
  }
  p { margin-bottom: 2em !important; }
`;

/**
 * Forces the WCAG 1.4.12 text spacing into the page and into every shadow root under it, the way
 * a reader's bookmarklet or extension would. Returns the function that takes it away again.
 */
export function forceTextSpacing(): () => void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(SPACING_CSS);
  const roots: (Document | ShadowRoot)[] = [document, ...deepElements(document).flatMap((element) => (element.shadowRoot ? [element.shadowRoot] : []))];
  for (const root of roots) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  return () => {
    for (const root of roots) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}

/**
 * Elements whose text no longer fits their box: clipped by `overflow: hidden`/`clip`, or spilling
 * out of a box of fixed height onto what follows. Scrolling regions scroll on purpose.
 */
export function clippedText(root: Element): string[] {
  return deepElements(root)
    .filter((element) => {
      if (hiddenOnPurpose(element) || element instanceof SVGElement) return false;
      if (!(element.textContent ?? '').trim()) return false;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.display === 'contents') return false;
      const scrolls = (value: string) => value === 'auto' || value === 'scroll';
      if (scrolls(style.overflowX) || scrolls(style.overflowY)) return false;
      const html = element as HTMLElement;
      if (html.clientHeight === 0 && html.clientWidth === 0) return false;
      return html.scrollHeight > html.clientHeight + 1 || html.scrollWidth > html.clientWidth + 1;
    })
    .map(describe);
}

/** Resolves once `element`'s rendered text has stopped changing (its data has arrived). */
export async function settled(element: Element, loadingText: RegExp): Promise<void> {
  let last = '';
  let stableFor = 0;
  await until(() => {
    const text = deepElements(element).map((e) => (e.shadowRoot ? '' : e.textContent ?? '')).join('|') + (element.shadowRoot?.textContent ?? '');
    const busy = loadingText.test(text) || deepElements(element).some((e) => e.getAttribute('aria-busy') === 'true');
    stableFor = text === last && !busy ? stableFor + 1 : 0;
    last = text;
    return stableFor >= 8;
  }, `${element.localName} to settle`);
}
