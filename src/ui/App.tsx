/** The playground's shell: header, toolbar, the view tabs, the active view and the settings panel. */
import { useEffect, useLayoutEffect } from 'react';
import { Header } from './Header.tsx';
import { LessonPlayer } from './lessons/LessonPlayer.tsx';
import { PresenterLayer } from './presenter/PresenterLayer.tsx';
import { openStartupLink } from './share/startup-link.ts';
import { useLiveRun } from './live/use-live-run.ts';
import { SettingsPanel } from './panels/SettingsPanel.tsx';
import { useAppStore } from './store/store.ts';
import { Toolbar } from './Toolbar.tsx';
import { ViewBoundary } from './ViewBoundary.tsx';
import { ViewTabs } from './ViewTabs.tsx';
import { preloadViews, VIEWS } from './views.tsx';

export function App() {
  const activeView = useAppStore((s) => s.activeView);
  const theme = useAppStore((s) => s.theme);
  // A layout effect runs before the views' effects, so canvases repaint with the new theme's colours.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // A shared or fuzzer link opens its run once, before the live run starts.
  useEffect(() => openStartupLink(window.location.search), []);
  // The other views' code is fetched once the page is idle, so a tab opens at once when clicked.
  useEffect(() => preloadViews(), []);
  const view = VIEWS.find((v) => v.id === activeView) ?? VIEWS[0];
  const ActiveView = view?.component;
  useLiveRun(view?.live === true);
  return (
    <div className="app">
      <Header />
      <Toolbar />
      <ViewTabs />
      <LessonPlayer />
      <div className="workspace">
        <main className="view" id="view-panel" role="tabpanel" aria-labelledby={`tab-${activeView}`}>
          {view && ActiveView ? (
            <ViewBoundary key={view.id} label={view.label} onRetry={'retry' in ActiveView ? () => ActiveView.retry() : undefined}>
              <ActiveView />
            </ViewBoundary>
          ) : null}
        </main>
        <SettingsPanel />
      </div>
      <PresenterLayer />
    </div>
  );
}
