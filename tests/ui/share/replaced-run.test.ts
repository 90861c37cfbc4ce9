import { beforeEach, describe, expect, it } from 'vitest';
import type { SimulationSnapshot } from '../../../src/runtime/browser/simulation-api.ts';
import { lessonById } from '../../../src/scenario/lessons/lessons.ts';
import { closeLesson, openLesson, useLessonStore } from '../../../src/ui/lessons/lesson-store.ts';
import { loadScenario, useActiveScenario } from '../../../src/ui/share/active-scenario.ts';
import { describeRun, isWorthKeeping, keptRunOf } from '../../../src/ui/share/replaced-run.ts';
import { DEFAULT_SETTINGS, nodesNamed } from '../../../src/ui/store/settings-validation.ts';
import { useAppStore } from '../../../src/ui/store/store.ts';

const yours = { ...DEFAULT_SETTINGS, nodes: nodesNamed(8), seed: 99 };
const crash = { atMs: 120, kind: 'crash', node: 'n3' } as never;

describe('the run a load replaces', () => {
  it('is worth keeping once it differs from a fresh default run', () => {
    const fresh = { settings: DEFAULT_SETTINGS, scenario: null, source: null, pending: null };
    expect(isWorthKeeping(keptRunOf({ ...fresh, reached: null }))).toBe(false);
    expect(isWorthKeeping(keptRunOf({ ...fresh, reached: { interventions: [], atMs: 0 } }))).toBe(false);
    expect(isWorthKeeping(keptRunOf({ ...fresh, reached: { interventions: [], atMs: 0.5 } }))).toBe(true);
    expect(isWorthKeeping(keptRunOf({ ...fresh, reached: { interventions: [crash], atMs: 0 } }))).toBe(true);
    expect(isWorthKeeping(keptRunOf({ ...fresh, settings: yours, reached: null }))).toBe(true);
  });

  it('keeps the replay it was still making when no snapshot has come yet', () => {
    const pending = { interventions: [crash], atMs: 400 };
    const run = keptRunOf({ settings: yours, scenario: null, source: null, reached: null, pending });
    expect(run.replay).toEqual(pending);
  });

  it('is described by its nodes, seed, time and changes made by hand, as the clock shows time', () => {
    const run = keptRunOf({
      settings: yours,
      scenario: null,
      source: null,
      reached: { interventions: [], atMs: 256.83 },
      pending: null,
    });
    expect(describeRun(run)).toBe('8 nodes, seed 99, at 256.8 ms');
    expect(describeRun({ ...run, replay: { interventions: [crash], atMs: 2500 } })).toBe(
      '8 nodes, seed 99, at 2.500 s, 1 change made by hand',
    );
  });
});

describe('a lesson or an example over the person’s run', () => {
  beforeEach(() => {
    closeLesson();
    useActiveScenario.setState({ scenario: null, source: null, replay: null, notice: null });
    useAppStore.getState().applySettings(DEFAULT_SETTINGS);
    useAppStore.setState({ snapshot: null });
  });

  const reach = (atMs: number) =>
    useAppStore.setState({
      snapshot: { status: { nowMs: atMs }, interventions: [crash] } as unknown as SimulationSnapshot,
    });
  const lesson = lessonById('gossip-failure-detection')!;

  it('says the lesson replaced the run, and closing the lesson gives it back at its time', () => {
    useAppStore.getState().applySettings(yours);
    reach(256.8);
    openLesson(lesson);
    expect(useActiveScenario.getState().notice?.text).toBe(
      'The lesson replaced your run (8 nodes, seed 99, at 256.8 ms, 1 change made by hand). Your run comes back when you close the lesson.',
    );
    expect(useAppStore.getState().settings.seed).not.toBe(99);
    useAppStore.setState({ snapshot: null });
    closeLesson();
    expect(useLessonStore.getState().entry).toBeNull();
    expect(useAppStore.getState().settings).toEqual(yours);
    expect(useActiveScenario.getState()).toMatchObject({
      scenario: null,
      replay: { interventions: [crash], atMs: 256.8 },
      notice: null,
    });
  });

  it('keeps the run from before the first lesson when a second one opens', () => {
    useAppStore.getState().applySettings(yours);
    openLesson(lesson);
    openLesson(lessonById('hinted-handoff')!);
    closeLesson();
    expect(useAppStore.getState().settings).toEqual(yours);
  });

  it('offers nothing over a fresh default run, and closing goes back to the default settings', () => {
    openLesson(lesson);
    expect(useActiveScenario.getState().notice).toBeNull();
    closeLesson();
    expect(useAppStore.getState().settings).toEqual(DEFAULT_SETTINGS);
    expect(useActiveScenario.getState().scenario).toBeNull();
  });

  it('offers the run an example replaced back with Undo', () => {
    const example = { ...lessonById('hinted-handoff')!.scenario, name: 'An example' };
    useAppStore.getState().applySettings(yours);
    reach(256.8);
    expect(loadScenario(example, { source: 'Example', says: 'Loaded example.json.' })).toBeNull();
    const notice = useActiveScenario.getState().notice;
    expect(notice?.text).toBe(
      `Loaded example.json. “An example” replaced your run (8 nodes, seed 99, at 256.8 ms, 1 change made by hand). Undo brings it back.`,
    );
    expect(notice?.action?.label).toBe('Undo');
    notice?.action?.run();
    expect(useAppStore.getState().settings).toEqual(yours);
    expect(useActiveScenario.getState()).toMatchObject({
      scenario: null,
      source: null,
      replay: { interventions: [crash], atMs: 256.8 },
      notice: null,
    });
  });
});
