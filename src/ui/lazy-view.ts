/**
 * A view whose code loads when it is first shown, so the page starts with the shell and the
 * default view only (the Ring). `preload` fetches it ahead of a click; `retry` forgets a failed
 * load, so the error boundary's "Try again" fetches the chunk afresh instead of rethrowing.
 */
import { createElement, lazy, type ComponentType, type FunctionComponent } from 'react';

export interface LazyView extends FunctionComponent {
  preload(): void;
  retry(): void;
}

export function lazyView(load: () => Promise<ComponentType>): LazyView {
  let pending: Promise<{ default: ComponentType }> | undefined;
  const fetch = () => (pending ??= load().then((component) => ({ default: component })));
  let Loaded = lazy(fetch);
  const preload = () => {
    fetch().catch(() => {
      // A failed preload is forgotten; the view's own load reports the error when it is shown.
      pending = undefined;
    });
  };
  const retry = () => {
    pending = undefined;
    Loaded = lazy(fetch);
  };
  const view = Object.assign(() => createElement(Loaded), { preload, retry });
  return view;
}
