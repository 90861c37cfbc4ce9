/**
 * A running experiment's progress bar, percentage and Cancel, shown beside its status line at the
 * top of the results, so they stay in view however far down the form Run was pressed.
 */
export function RunProgress({
  progress,
  cancelling,
  onCancel,
}: {
  /** Fraction done, 0..1. */
  progress: number;
  cancelling: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="experiment-progress" data-testid="experiment-progress-bar">
      <progress
        data-testid="experiment-progress"
        max={1}
        value={progress}
        data-value={progress}
        aria-label="Experiment progress"
      />
      <span className="help">{Math.floor(progress * 100)} %</span>
      <button
        type="button"
        className="button"
        data-testid="experiment-cancel"
        disabled={cancelling}
        onClick={onCancel}
      >
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    </div>
  );
}
