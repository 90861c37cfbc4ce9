/** The key box: type a key, see its MD5 position and its preference list in walk order (Dynamo §4.3, §4.6). */
import { useState } from 'react';
import type { NodeId } from '../../../core/types.ts';
import type { KeyWalk } from '../../model/ring-model.ts';
import { useAppStore } from '../../store/store.ts';

export function KeyPanel({ walk, colours }: { walk: KeyWalk | null; colours: ReadonlyMap<NodeId, string> }) {
  const key = useAppStore((s) => s.key);
  const setKey = useAppStore((s) => s.setKey);
  const N = useAppStore((s) => s.settings.N);
  const [showAll, setShowAll] = useState(false);
  // Past a few stand-ins the extended list is the whole cluster; show its start unless asked.
  const total = walk?.preferenceList.length ?? 0;
  const limit = total <= Math.max(8, N + 3) ? total : N + 3;
  const entries = walk === null ? [] : showAll ? walk.preferenceList : walk.preferenceList.slice(0, limit);
  const hidden = walk === null ? 0 : walk.preferenceList.length - entries.length;
  return (
    <div className="side-section">
      <h2>
        <label htmlFor="key-input">Key</label>
      </h2>
      <input
        id="key-input"
        className="input"
        data-testid="key-input"
        placeholder="e.g. cart:alice"
        value={key}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setKey(e.target.value)}
      />
      {walk ? (
        <>
          <p className="help">
            MD5 position <span className="mono" data-testid="key-position">{walk.position}</span>
          </p>
          <p className="help">Preference list: the first {N} are its home replicas; the rest stand in when those fail.</p>
          <ol className="preference-list" data-testid="preference-list" aria-label={`Preference list of ${walk.key}`}>
            {entries.map((entry, i) => (
              <li key={entry.node} data-role={entry.role} data-node={entry.node} title={entry.role === 'primary' ? `Home replica ${i + 1}` : 'Fallback (sloppy quorum stand-in)'}>
                <span className="order" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="swatch" style={{ background: colours.get(entry.node) }} aria-hidden="true" />
                <span className="node-name">{entry.node}</span>
              </li>
            ))}
          </ol>
          {hidden > 0 || showAll ? (
            <button type="button" className="button link-button" data-testid="preference-list-toggle" onClick={() => setShowAll(!showAll)}>
              {showAll ? 'Show fewer' : `Show all ${walk.preferenceList.length} (${hidden} more stand-ins)`}
            </button>
          ) : null}
        </>
      ) : (
        <p className="help">Type a key to see where MD5 puts it on the ring and which nodes store it.</p>
      )}
    </div>
  );
}
