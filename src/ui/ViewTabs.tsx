/** The tab bar that switches between the playground's views; arrow keys move between tabs. */
import type { KeyboardEvent } from 'react';
import { useAppStore } from './store/store.ts';
import { preloadView, VIEWS } from './views.tsx';

export function ViewTabs() {
  const activeView = useAppStore((s) => s.activeView);
  const showView = useAppStore((s) => s.showView);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const at = VIEWS.findIndex((v) => v.id === activeView);
    const next = VIEWS[(at + (event.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length];
    if (next === undefined) return;
    showView(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <nav className="tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {VIEWS.map((view) => (
        <button
          key={view.id}
          id={`tab-${view.id}`}
          data-testid={`tab-${view.id}`}
          role="tab"
          type="button"
          aria-selected={view.id === activeView}
          aria-controls="view-panel"
          tabIndex={view.id === activeView ? 0 : -1}
          title={view.description}
          className="tab"
          onClick={() => showView(view.id)}
          onPointerEnter={() => preloadView(view)}
          onFocus={() => preloadView(view)}
        >
          {view.label}
        </button>
      ))}
    </nav>
  );
}
