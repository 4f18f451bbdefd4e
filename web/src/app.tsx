import { useEffect } from 'preact/hooks';
import { onLinkClick, useLocation } from './router';
import { Console } from './pages/console/console';
import { Portal } from './pages/portal/portal';

/** /console/… is the operators' console; everything else is the citizens' portal. */
export function App() {
  const { path } = useLocation();
  useEffect(() => {
    document.addEventListener('click', onLinkClick);
    return () => document.removeEventListener('click', onLinkClick);
  }, []);
  return (
    <>
      <a class="skip-link" href="#contenuto" onClick={(e) => { e.preventDefault(); document.getElementById('contenuto')?.focus(); }}>
        Vai al contenuto principale
      </a>
      {path === '/console' || path.startsWith('/console/') ? <Console path={path} /> : <Portal path={path} />}
    </>
  );
}
