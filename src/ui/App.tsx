/** The playground's shell: header, toolbar, the view tabs, the active view and the settings panel. */
import { useEffect, useLayoutEffect, useState } from 'react';
import { Header } from './Header.tsx';
import { LessonPlayer } from './lessons/LessonPlayer.tsx';
import { PresenterLayer } from './presenter/PresenterLayer.tsx';
import { openStartupLink } from './share/startup-link.ts';
import { GoingBackNote } from './live/GoingBackNote.tsx';
import { useLiveRun } from './live/use-live-run.ts';
import { SettingsPanel } from './panels/SettingsPanel.tsx';
import { useAppStore } from './store/store.ts';
import { Toolbar } from './Toolbar.tsx';
import { ViewBoundary } from './ViewBoundary.tsx';
import { ViewTabs } from './ViewTabs.tsx';
import { preloadViews, VIEWS, type ViewEntry } from './views.tsx';

/** A lazily loaded view can fetch its code again after a failure. */
function retryOf(component: ViewEntry['component']): (() => void) | undefined {
  return 'retry' in component ? () => component.retry() : undefined;
}

/** Whether this page load's link has been opened (App may mount more than once). */
let startupLinkOpened = false;

export function App() {
  const activeView = useAppStore((s) => s.activeView);
  const theme = useAppStore((s) => s.theme);
  // A layout effect runs before the views' effects, so canvases repaint with the new theme's colours.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // A shared, example or fuzzer link opens its run once a page load, before the live run starts:
  // a second mount of the shell must not open it again (an example opened twice replaced itself).
  useEffect(() => {
    if (startupLinkOpened) return;
    startupLinkOpened = true;
    openStartupLink(window.location.search);
  }, []);
  // The other views' code is fetched once the page is idle, so a tab opens at once when clicked.
  useEffect(() => preloadViews(), []);
  const view = VIEWS.find((v) => v.id === activeView) ?? VIEWS[0];
  const ActiveView = view?.component;
  useLiveRun(view?.live === true);
  // Views kept once opened (experiments), so leaving their tab loses nothing.
  const [kept, setKept] = useState<readonly string[]>([]);
  useEffect(() => {
    if (view?.keep === true && !kept.includes(view.id)) setKept([...kept, view.id]);
  }, [view, kept]);
  return (
    <div className="app">
      <Header />
      <Toolbar />
      <ViewTabs />
      <LessonPlayer />
      <div className={`workspace${view?.ownSettings === true ? ' without-settings' : ''}`}>
        <main className="view" id="view-panel" role="tabpanel" aria-labelledby={`tab-${activeView}`}>
          {view?.live === true ? <GoingBackNote /> : null}
          {VIEWS.filter((v) => v.keep === true && (kept.includes(v.id) || v.id === activeView)).map((v) => (
            <div key={v.id} className="kept-view" hidden={v.id !== activeView}>
              <ViewBoundary label={v.label} onRetry={retryOf(v.component)}>
                <v.component />
              </ViewBoundary>
            </div>
          ))}
          {view && ActiveView && view.keep !== true ? (
            <ViewBoundary key={view.id} label={view.label} onRetry={retryOf(ActiveView)}>
              <ActiveView />
            </ViewBoundary>
          ) : null}
        </main>
        {view?.ownSettings === true ? null : <SettingsPanel />}
      </div>
      <PresenterLayer />
    </div>
  );
}
