/**
 * The form of one experiment (Dynamo §4.5, §4.6, §6.2, §6.3): one-click presets, then every field
 * with its unit and meaning; the experiment's own validation message appears beside the field it
 * names (both fields, when two are out of order together), and fields that do not apply — set by a
 * sweep, or not used by the chosen partitioning strategy — are disabled and say why.
 */
import type { ExperimentName } from '../../runtime/browser/experiment-api.ts';
import { FieldError } from '../panels/FieldError.tsx';
import { EXPERIMENT_FIELDS, type FieldSpec } from './experiment-fields.ts';
import type { FormValues } from './experiment-forms.ts';
import { PRESETS } from './experiment-presets.ts';
import { whyNotApplicable, type FieldProblem } from './field-applicability.ts';

export interface ExperimentFormProps {
  experiment: ExperimentName;
  values: FormValues;
  /** The preset the values came from, until a field is edited. */
  presetId: string | undefined;
  problem: (FieldProblem & { related?: FieldProblem }) | undefined;
  disabled: boolean;
  onChange: (values: FormValues, presetId?: string) => void;
}

function FieldInput({
  field,
  value,
  disabled,
  invalid,
  onChange,
}: {
  field: FieldSpec;
  value: string;
  disabled: boolean;
  invalid: boolean;
  onChange: (v: string) => void;
}) {
  const common = {
    id: `experiment-field-${field.parameter}`,
    'data-testid': `experiment-field-${field.parameter}`,
    disabled,
    'aria-invalid': invalid,
    'aria-describedby': invalid
      ? `error-experiment-${field.parameter}`
      : `help-experiment-${field.parameter}`,
  };
  if (field.kind === 'toggle') {
    return (
      <input
        {...common}
        type="checkbox"
        checked={value === 'on'}
        onChange={(e) => onChange(e.target.checked ? 'on' : 'off')}
      />
    );
  }
  if (field.kind === 'choice') {
    return (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        {(field.choices ?? []).map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  }
  const numeric = field.kind === 'integer' || field.kind === 'number';
  return (
    <input
      {...common}
      type="text"
      inputMode={numeric ? 'decimal' : 'text'}
      spellCheck={false}
      className={numeric ? 'numeric' : 'spec'}
      value={value}
      placeholder={field.optional ? 'default' : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function ExperimentForm({
  experiment,
  values,
  presetId,
  problem,
  disabled,
  onChange,
}: ExperimentFormProps) {
  const fields = EXPERIMENT_FIELDS[experiment];
  const problems = problem ? [problem, ...(problem.related ? [problem.related] : [])] : [];
  const orphan =
    problem && !fields.some((f) => f.parameter === problem.parameter) ? problem : undefined;
  const preset = PRESETS[experiment].find((p) => p.id === presetId);
  return (
    <div className="experiment-form">
      <div className="experiment-presets" role="group" aria-label="Presets">
        {PRESETS[experiment].map((p) => (
          <button
            key={p.id}
            type="button"
            className={`button preset${p.id === presetId ? ' active' : ''}`}
            data-testid={`preset-${p.id}`}
            aria-pressed={p.id === presetId}
            disabled={disabled}
            title={p.note}
            onClick={() => onChange(p.values, p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      {preset ? (
        <p className="help preset-note" data-testid="preset-note">
          {preset.note}
        </p>
      ) : null}
      <div className="experiment-fields">
        {fields.map((field) => {
          const fieldProblem = problems.find((p) => p.parameter === field.parameter);
          const invalid = fieldProblem !== undefined;
          const notApplicable = whyNotApplicable(experiment, values, field.parameter);
          return (
            <div
              key={field.parameter}
              className={`experiment-field kind-${field.kind}${invalid ? ' invalid' : ''}${notApplicable ? ' not-applicable' : ''}`}
            >
              <label htmlFor={`experiment-field-${field.parameter}`}>{field.label}</label>
              <FieldInput
                field={field}
                value={values[field.parameter] ?? ''}
                disabled={disabled || notApplicable !== undefined}
                invalid={invalid}
                onChange={(v) => onChange({ ...values, [field.parameter]: v })}
              />
              {fieldProblem ? (
                <FieldError
                  field={`experiment-${field.parameter}`}
                  message={besideField(field.label, fieldProblem.message)}
                />
              ) : (
                <p className="help" id={`help-experiment-${field.parameter}`}>
                  {notApplicable ? `Not used: ${notApplicable}.` : field.help}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {orphan ? (
        <FieldError field={`experiment-${orphan.parameter}`} message={orphan.message} />
      ) : null}
    </div>
  );
}

/**
 * The problem in the words of the form: the field's label in place of the CLI flag that opens the
 * shared message ("--R: must be…" beside the R field reads "R must be…").
 */
export function besideField(label: string, message: string): string {
  const flag = /^--[\w-]+: /.exec(message);
  return flag ? `${label} ${message.slice(flag[0].length)}` : message;
}
