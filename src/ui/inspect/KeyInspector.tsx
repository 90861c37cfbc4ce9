/**
 * The key inspector (Dynamo §4.3–4.7): one key on every node — versions with vector clocks in the
 * paper's notation, hints held for it, home replica or fallback — and the key's Merkle range with
 * each replica's root, roots that disagree highlighted, and the anti-entropy exchanges of that range.
 */
import { useMemo, useState } from 'react';
import type { MessageInFlight } from '../../runtime/browser/simulation-api.ts';
import { messageBodies } from '../live/message-bodies.ts';
import { preferenceList } from '../../core/preference-list.ts';
import { formatClock } from '../../core/vector-clock.ts';
import { formatValue } from '../spacetime/message-payload.ts';
import { useAppStore } from '../store/store.ts';
import { exchangesForRange, hintEvents, keyReplicaRows } from './key-replicas.ts';
import { useKeyReplicas } from './use-key-replicas.ts';

/** Merkle exchanges of one range still under way: their messages in flight. */
function liveExchanges(inFlight: readonly MessageInFlight[], rangeId: number): string[] {
  const out: string[] = [];
  for (const f of inFlight) {
    if (!f.kind.startsWith('ae.')) continue;
    const m = messageBodies.get(f.id);
    if (m === undefined) continue;
    if (m.kind === 'ae.compare' && m.request.rangeId === rangeId) out.push(`${f.from} → ${f.to}: compare level ${m.request.level}, ${m.request.hashes.length} hash(es)`);
    else if (m.kind === 'ae.offer' && m.offer.rangeId === rangeId) out.push(`${f.from} → ${f.to}: offering ${m.offer.entries.length} key hash(es) at level ${m.offer.level}`);
    else if (m.kind === 'ae.keys' && m.rangeId === rangeId) out.push(`${f.from} → ${f.to}: sending ${m.entries.length} key(s) ${m.entries.map(([k]) => k).join(', ')}`);
    else if (m.kind === 'ae.in-sync' && m.rangeId === rangeId) out.push(`${f.from} → ${f.to}: in sync after ${m.compared} hashes`);
  }
  return out;
}

export function KeyInspector() {
  const key = useAppStore((s) => s.inspectedKey);
  const inspectKey = useAppStore((s) => s.inspectKey);
  const ring = useAppStore((s) => s.ring);
  const N = useAppStore((s) => s.settings.N);
  const nodeViews = useAppStore((s) => s.snapshot?.nodes);
  const inFlight = useAppStore((s) => s.snapshot?.inFlight);
  const traceLog = useAppStore((s) => s.traceLog);
  // The box shows the key inspected, also one a lesson or a click elsewhere picked, until edited.
  const [draft, setDraft] = useState(key ?? '');
  const [draftOf, setDraftOf] = useState(key);
  if (draftOf !== key) {
    setDraftOf(key);
    setDraft(key ?? '');
  }
  const { replicas, preference: livePreference, error } = useKeyReplicas(key);

  const nodes = useMemo(() => (nodeViews ?? []).map((n) => n.id), [nodeViews]);
  // The run's ring as it is now (joins and leaves, §4.9); the settings' ring until the run has answered.
  const preference = useMemo(() => livePreference ?? (key === null ? [] : preferenceList(ring, key, N)), [livePreference, ring, key, N]);
  const model = useMemo(() => keyReplicaRows(nodes, preference, N, replicas ?? {}), [nodes, preference, N, replicas]);
  const exchanges = useMemo(() => (model.rangeId === undefined ? [] : exchangesForRange(traceLog, model.rangeId)), [traceLog, model.rangeId]);
  const hints = useMemo(() => (key === null ? [] : hintEvents(traceLog, key)), [traceLog, key]);
  const live = model.rangeId === undefined ? [] : liveExchanges(inFlight ?? [], model.rangeId);
  const statusOf = new Map((nodeViews ?? []).map((n) => [n.id, n.status]));

  return (
    <section className="inspect-card key-inspector" data-testid="key-inspector" aria-label="Key inspector" data-key={key ?? ''}>
      <form
        className="key-form"
        onSubmit={(e) => {
          e.preventDefault();
          inspectKey(draft.trim() === '' ? null : draft.trim());
        }}
      >
        <h3>Key</h3>
        <input className="input" aria-label="Key to inspect" data-testid="key-inspector-input" placeholder="e.g. cart" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="button">
          Inspect
        </button>
      </form>
      {key === null ? <p className="help">Type a key, or click “Inspect key” on a message or an operation.</p> : null}
      {error !== null ? <p className="field-error">{error}</p> : null}
      {key !== null ? (
        <>
          <p className="help">
            Range <strong data-testid="key-range">{model.rangeId ?? '?'}</strong> · preference list {preference.map((e, i) => `${e.node}${i < N ? '' : '*'}`).join(', ')} (* fallback)
          </p>
          <table className="replica-table" data-testid="replica-table">
            <thead>
              <tr>
                <th>node</th>
                <th>versions (value, clock)</th>
                <th>hints for this key</th>
                <th>Merkle root</th>
              </tr>
            </thead>
            <tbody>
              {model.rows.map((row) => {
                const s = row.snapshot;
                const status = statusOf.get(row.node) ?? 'up';
                return (
                  <tr key={row.node} data-testid={`replica-${row.node}`} data-role={row.role} data-versions={s?.versions.length ?? 0} className={status !== 'up' ? 'down' : ''}>
                    <td>
                      <strong>{row.node}</strong>{' '}
                      <span className={`role ${row.role}`}>{row.role === 'home' ? `home #${row.rank}` : row.role === 'fallback' ? `fallback #${row.rank}` : ''}</span>
                      {status !== 'up' ? <span className="role down"> {status}</span> : null}
                    </td>
                    <td className="mono">
                      {s === undefined ? '—' : s.versions.length === 0 ? <span className="muted">none</span> : s.versions.map((v, i) => (
                        <div key={i} className="version" data-testid="version">
                          {formatValue(v.value)} <span className="clock">{formatClock(v.clock)}</span>
                        </div>
                      ))}
                    </td>
                    <td className="mono">
                      {s === undefined || s.hints.length === 0 ? <span className="muted">—</span> : s.hints.map((h) => (
                        <div key={h.hintId}>
                          for {h.intendedFor}: {h.versions.map((v) => `${formatValue(v.value)} ${formatClock(v.clock)}`).join('; ')}
                        </div>
                      ))}
                    </td>
                    <td className={`mono${row.rootDiffers ? ' root-differs' : ''}`} data-root-differs={row.rootDiffers}>
                      {s?.merkleRoot === undefined ? <span className="muted">not held</span> : s.merkleRoot.slice(0, 10)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h4>Anti-entropy on range {model.rangeId ?? '?'}</h4>
          {live.length > 0 ? (
            <ul className="exchange-list live" data-testid="exchanges-live">
              {live.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ul>
          ) : null}
          {exchanges.length === 0 ? (
            <p className="help">No Merkle exchange for this range in the trace yet.</p>
          ) : (
            <ul className="exchange-list" data-testid="exchanges">
              {exchanges.map((x, i) => (
                <li key={i}>
                  {x.atMs.toFixed(0)} ms · {x.node} ↔ {x.peer}: {x.hashesCompared} {x.hashesCompared === 1 ? 'hash' : 'hashes'} compared, {x.keysSent} {x.keysSent === 1 ? 'key' : 'keys'} sent — {x.inSync ? 'in sync' : 'repaired'}
                </li>
              ))}
            </ul>
          )}
          {hints.length > 0 ? (
            <>
              <h4>Hinted handoff</h4>
              <ul className="exchange-list">
                {hints.map((h, i) => (
                  <li key={i}>
                    {h.atMs.toFixed(0)} ms · {h.node} {h.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
