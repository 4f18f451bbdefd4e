import { useEffect, useState } from 'preact/hooks';

/** A router the size of the problem: the History API and a signal to re-render on navigation. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event('quadra:navigate'));
  // A new page: move focus to its main content, as a screen reader user expects after a link.
  requestAnimationFrame(() => document.getElementById('contenuto')?.focus({ preventScroll: false }));
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const read = () => ({ path: location.pathname, search: new URLSearchParams(location.search) });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const on = () => setLoc(read());
    window.addEventListener('popstate', on);
    window.addEventListener('quadra:navigate', on);
    return () => {
      window.removeEventListener('popstate', on);
      window.removeEventListener('quadra:navigate', on);
    };
  }, []);
  return loc;
}

/** "/console/dovuti/:iud" against "/console/dovuti/ABC%201" → { iud: "ABC 1" }. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (p.length !== s.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) out[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return undefined;
  }
  return out;
}

/** Left clicks on internal links navigate in place; modified clicks (new tab) keep the browser's behaviour. */
export function onLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as HTMLElement).closest('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
  if (/^\/(api|docs|simulator|pagopa|health)(\/|$)/.test(a.pathname)) return;
  e.preventDefault();
  navigate(a.pathname + a.search + a.hash);
}
