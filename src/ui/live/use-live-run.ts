/**
 * Keeps the live run connected once a live view has been shown (design.md "The playground"): the
 * simulation worker and its node workers start only when someone wants to watch the cluster,
 * then stay, so switching tabs does not lose the run.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/store.ts';
import { connectLiveRun } from './simulation-connection.ts';

export function useLiveRun(wanted: boolean): void {
  const [started, setStarted] = useState(wanted);
  useEffect(() => {
    if (wanted) setStarted(true);
  }, [wanted]);
  useEffect(
    () =>
      started
        ? connectLiveRun(useAppStore, {
            testFaults: new URLSearchParams(window.location.search).has('test-faults'),
          })
        : undefined,
    [started],
  );
}
