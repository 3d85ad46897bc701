// Home Assistant's theme through ingress. Under ingress the panel is an iframe served from Home Assistant's own
// origin (/api/hassio_ingress/<token>/), so it can read the parent frontend: Home Assistant applies its theme as CSS
// custom properties on its document's root element (applyThemesOnElement → style.setProperty; the default theme's
// from its stylesheet) and keeps the user's choice in localStorage `selectedTheme` ({"theme", "dark"}). Those
// colours are copied onto the panel's own variables (style.css), light or dark follows them, and changes are
// followed (a MutationObserver on the parent's root style and class, the storage event for `selectedTheme`).
// Anywhere else — opened directly, or a parent of another origin (reading it throws) — prefers-color-scheme rules.

/** Home Assistant's variable → the panel's (style.css). */
const MAP: readonly (readonly [string, string])[] = [
  ['--primary-background-color', '--bg'],
  ['--card-background-color', '--card'],
  ['--primary-text-color', '--text'],
  ['--secondary-text-color', '--secondary'],
  ['--primary-color', '--primary'],
  // links and the selected tab: in Home Assistant's primary colour, as its own pages show them
  ['--primary-color', '--primary-text'],
  ['--divider-color', '--line'],
  ['--error-color', '--bad'],
  ['--success-color', '--ok'],
];

/** The parent frontend's window and root element, when there is one and it is readable (same origin). */
function haParent(win: Window): { parent: Window; root: HTMLElement } | undefined {
  try {
    if (win.parent === win) return undefined;
    const root = win.parent.document.documentElement;
    return root ? { parent: win.parent, root } : undefined;
  } catch {
    return undefined; // another origin: the browser refuses, and the panel keeps its own look
  }
}

/** `selectedTheme.dark` when the user chose light or dark in their Home Assistant profile (absent: automatic). */
function chosenDark(win: Window): boolean | undefined {
  try {
    const stored = JSON.parse(win.localStorage.getItem('selectedTheme') ?? 'null') as { dark?: unknown } | null;
    return typeof stored?.dark === 'boolean' ? stored.dark : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a computed colour (`rgb(r, g, b)` or `rgba(…)`) is dark; undefined when it is not in that form. */
function isDarkColour(colour: string): boolean | undefined {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(colour);
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((v) => Number(v) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}

/** Starts following Home Assistant's theme when the panel is inside its frontend; returns what stops it. */
export function followTheme(win: Window = window): () => void {
  const ha = haParent(win);
  if (!ha) return () => {};
  const root = win.document.documentElement;
  const apply = (): void => {
    let style: CSSStyleDeclaration;
    try {
      style = ha.parent.getComputedStyle(ha.root);
    } catch {
      return; // the parent navigated away
    }
    let copied = 0;
    for (const [from, to] of MAP) {
      const value = style.getPropertyValue(from).trim();
      if (value) {
        root.style.setProperty(to, value);
        copied++;
      } else root.style.removeProperty(to);
    }
    // light or dark: the user's choice in Home Assistant, else what the page's background is
    const background = copied > 0 ? win.getComputedStyle(win.document.body ?? root).backgroundColor : '';
    const dark = chosenDark(win) ?? isDarkColour(background);
    if (copied === 0 || dark === undefined) {
      delete root.dataset['theme'];
      root.style.removeProperty('color-scheme');
    } else {
      root.dataset['theme'] = dark ? 'dark' : 'light';
      root.style.setProperty('color-scheme', dark ? 'dark' : 'light');
    }
    root.dataset['haTheme'] = copied > 0 ? 'on' : 'off';
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(ha.root, { attributes: true, attributeFilter: ['style', 'class'] });
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key === 'selectedTheme') apply();
  };
  win.addEventListener('storage', onStorage);
  const stop = () => {
    observer.disconnect();
    win.removeEventListener('storage', onStorage);
  };
  win.addEventListener('pagehide', stop, { once: true });
  return stop;
}
