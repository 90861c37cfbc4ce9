/**
 * The cluster settings form (Dynamo §4.2 nodes and tokens, §6.2 strategies, §4.5 N/R/W, §4.6
 * quorum mode, §4.4 conflict resolution). Each field validates as you type and explains a bad value
 * beside it; the views keep showing the last valid cluster meanwhile.
 */
import type { ReactNode } from 'react';
import { useAppStore } from '../store/store.ts';
import type { SettingsField } from '../store/settings-validation.ts';
import { FieldError } from './FieldError.tsx';

function Field({ field, label, hint, children, errorBelowRow = false }: { field: SettingsField; label: string; hint?: string; children: ReactNode; errorBelowRow?: boolean }) {
  const error = useAppStore((s) => s.errors[field]);
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={`setting-${field}`}>
        {label}
      </label>
      {children}
      {hint && !error ? <p className="field-hint">{hint}</p> : null}
      {errorBelowRow ? null : <FieldError field={field} message={error} />}
    </div>
  );
}

/** Narrow fields side by side; their errors go below the row, where a sentence has room. */
function FieldRow({ fields, children }: { fields: readonly SettingsField[]; children: ReactNode }) {
  const errors = useAppStore((s) => s.errors);
  return (
    <div className="field-group">
      <div className={`field-row${fields.length === 3 ? ' three' : ''}`}>{children}</div>
      {fields.map((field) => (
        <FieldError key={field} field={field} message={errors[field]} />
      ))}
    </div>
  );
}

function TextInput({ field }: { field: SettingsField }) {
  const value = useAppStore((s) => s.draft[field]);
  const invalid = useAppStore((s) => s.errors[field] !== undefined);
  const setSetting = useAppStore((s) => s.setSetting);
  return (
    <input
      id={`setting-${field}`}
      data-testid={`setting-${field}`}
      className="input"
      value={value}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={invalid}
      aria-describedby={invalid ? `error-${field}` : undefined}
      onChange={(e) => setSetting(field, e.target.value)}
    />
  );
}

function Select({ field, options }: { field: SettingsField; options: readonly [string, string][] }) {
  const value = useAppStore((s) => s.draft[field]);
  const setSetting = useAppStore((s) => s.setSetting);
  return (
    <select id={`setting-${field}`} data-testid={`setting-${field}`} className="input" value={value} onChange={(e) => setSetting(field, e.target.value)}>
      {options.map(([optionValue, label]) => (
        <option key={optionValue} value={optionValue}>
          {label}
        </option>
      ))}
    </select>
  );
}

const STRATEGIES: readonly [string, string][] = [
  ['1', '1 · T random tokens per node'],
  ['2', '2 · T random tokens, Q partitions'],
  ['3', '3 · Q/S tokens, Q partitions'],
];

export function SettingsPanel() {
  const strategy = useAppStore((s) => s.settings.strategy);
  const invalidFields = useAppStore((s) => Object.keys(s.errors).join());
  const hasErrors = invalidFields !== '';
  // The seed field is in the toolbar above, not in this panel.
  const onlySeed = invalidFields === 'seed';
  const resetSettings = useAppStore((s) => s.resetSettings);
  return (
    <aside className="settings" aria-label="Cluster settings" data-testid="settings-panel">
      <h2 className="panel-title">Cluster</h2>
      <Field field="nodes" label="Nodes" hint="A count (5) or names (A, B, C)">
        <TextInput field="nodes" />
      </Field>
      <Field field="strategy" label="Partitioning strategy (§6.2)">
        <Select field="strategy" options={STRATEGIES} />
      </Field>
      <FieldRow fields={['tokensPerNode', 'partitionCount']}>
        <Field field="tokensPerNode" label="T tokens/node" errorBelowRow>
          <TextInput field="tokensPerNode" />
        </Field>
        <Field field="partitionCount" label="Q partitions" errorBelowRow>
          <TextInput field="partitionCount" />
        </Field>
      </FieldRow>
      <p className="field-hint">
        {strategy === 3 ? 'T is used by strategies 1 and 2 in the strategy lab.' : strategy === 1 ? 'Q is used by strategies 2 and 3 in the strategy lab.' : 'Strategy 2 uses both T and Q.'}
      </p>
      <FieldRow fields={['N', 'R', 'W']}>
        <Field field="N" label="N replicas" errorBelowRow>
          <TextInput field="N" />
        </Field>
        <Field field="R" label="R reads" errorBelowRow>
          <TextInput field="R" />
        </Field>
        <Field field="W" label="W writes" errorBelowRow>
          <TextInput field="W" />
        </Field>
      </FieldRow>
      <Field field="quorumMode" label="Quorum (§4.6)">
        <Select
          field="quorumMode"
          options={[
            ['sloppy', 'Sloppy: first N healthy nodes'],
            ['strict', 'Strict: only the N home nodes'],
          ]}
        />
      </Field>
      <Field field="conflictResolution" label="Conflicts (§4.4)">
        <Select
          field="conflictResolution"
          options={[
            ['siblings', 'Keep siblings, client merges'],
            ['lww', 'Last writer wins'],
          ]}
        />
      </Field>
      {hasErrors ? (
        <p className="settings-status" data-testid="settings-status" role="status">
          {onlySeed
            ? 'Showing the last valid cluster until the seed, above, is fixed.'
            : 'Showing the last valid cluster until the fields in red are fixed.'}
        </p>
      ) : null}
      <button type="button" className="button" data-testid="reset-settings" onClick={resetSettings}>
        Reset to defaults
      </button>
    </aside>
  );
}
