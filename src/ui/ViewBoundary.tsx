/**
 * Holds the active view: a "Loading…" line while its code arrives, and, if the code cannot be
 * fetched or the view throws while drawing, a message saying so with a button to try again. The
 * header, the settings and the run stay as they were, so nothing the user set up is lost.
 */
import { Component, Suspense, type ReactNode } from 'react';

interface Props {
  /** The view's name, for the message. */
  label: string;
  /** Called before trying again (a lazy view forgets its failed load). */
  onRetry?: () => void;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ViewBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  private readonly retry = () => {
    this.props.onRetry?.();
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (error !== null) {
      return (
        <div className="fault-banner" role="alert" data-testid="view-error">
          <strong>The {this.props.label} view could not be shown:</strong> {error.message}{' '}
          <button type="button" className="button" onClick={this.retry} data-testid="view-retry">
            Try again
          </button>
        </div>
      );
    }
    return (
      <Suspense
        fallback={
          <p className="help" data-testid="view-loading">
            Loading the {this.props.label} view…
          </p>
        }
      >
        {this.props.children}
      </Suspense>
    );
  }
}
