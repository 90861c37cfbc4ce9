import { describe, expect, it } from 'vitest';
import { lazyView } from '../../../src/ui/lazy-view.ts';

const View = () => null;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('lazyView', () => {
  it('fetches a view’s code once however often it is preloaded', async () => {
    let loads = 0;
    const view = lazyView(() => {
      loads++;
      return Promise.resolve(View);
    });
    expect(loads).toBe(0);
    view.preload();
    view.preload();
    await settle();
    view.preload();
    expect(loads).toBe(1);
  });

  it('forgets a failed fetch, so the next preload or a retry fetches again', async () => {
    let loads = 0;
    let fail = true;
    const view = lazyView(() => {
      loads++;
      return fail ? Promise.reject(new Error('offline')) : Promise.resolve(View);
    });
    view.preload();
    await settle();
    view.preload();
    await settle();
    expect(loads).toBe(2);
    fail = false;
    view.retry();
    view.preload();
    await settle();
    view.preload();
    expect(loads).toBe(3);
  });
});
