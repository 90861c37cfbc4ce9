/**
 * Between a scenario and the playground's settings form: a loaded scenario shows its cluster in
 * the form (nodes, strategy with T and Q, N/R/W, quorum mode, resolution, seed — Dynamo §4.2–§4.6),
 * and the live run is the scenario with whatever the person has changed in the form since.
 */
import { defaultNodeConfig } from '../../core/node-config.ts';
import type { Scenario } from '../../scenario/scenario-schema.ts';
import { clusterNodes, ringParams, scenarioToSetup } from '../../scenario/scenario-setup.ts';
import type { WorldSetup } from '../../sim/world-config.ts';
import { DEFAULT_SETTINGS, type ClusterSettings } from '../store/settings-validation.ts';

/** The form's view of a scenario; fields the scenario leaves out take the engine's defaults. */
export function settingsFromScenario(scenario: Scenario): ClusterSettings {
  const c = scenario.cluster ?? {};
  const nodes = clusterNodes(c).map((n) => n.id);
  const ring = ringParams(c, nodes.length);
  return {
    nodes,
    strategy: ring.strategy,
    tokensPerNode: ring.tokensPerNode ?? DEFAULT_SETTINGS.tokensPerNode,
    partitionCount: ring.partitionCount ?? DEFAULT_SETTINGS.partitionCount,
    N: c.N ?? defaultNodeConfig.N,
    R: c.R ?? defaultNodeConfig.R,
    W: c.W ?? defaultNodeConfig.W,
    quorumMode: c.quorumMode ?? defaultNodeConfig.quorumMode,
    conflictResolution: c.resolution ?? defaultNodeConfig.resolution,
    seed: scenario.seed ?? 1,
  };
}

/** The scenario with the form's settings laid over it (the form wins where they differ). */
export function scenarioWithSettings(scenario: Scenario, settings: ClusterSettings): Scenario {
  const c = scenario.cluster ?? {};
  const own = clusterNodes(c);
  const sameNodes =
    own.length === settings.nodes.length && own.every((n, i) => n.id === settings.nodes[i]);
  const { tokensPerNode: _t, partitionCount: _q, ...rest } = c;
  const ring =
    settings.strategy === 1
      ? { tokensPerNode: settings.tokensPerNode }
      : settings.strategy === 2
        ? { tokensPerNode: settings.tokensPerNode, partitionCount: settings.partitionCount }
        : { partitionCount: settings.partitionCount };
  return {
    ...scenario,
    seed: settings.seed,
    cluster: {
      ...rest,
      ...(sameNodes ? {} : { nodes: [...settings.nodes], placement: undefined }),
      strategy: settings.strategy,
      ...ring,
      N: settings.N,
      R: settings.R,
      W: settings.W,
      quorumMode: settings.quorumMode,
      resolution: settings.conflictResolution,
    },
  };
}

/** The live run's description: the scenario under the current settings, keeping `traceWindow` records. */
export function liveScenarioSetup(
  scenario: Scenario,
  settings: ClusterSettings,
  traceWindow: number,
): WorldSetup {
  return scenarioToSetup(scenarioWithSettings(scenario, settings), { traceWindow });
}
