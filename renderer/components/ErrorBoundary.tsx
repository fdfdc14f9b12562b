// Keeps one broken part of the window from blanking all of it: what throws while rendering is
// replaced by a sentence and a way back ("Back" clears the part's state, or reloads the window
// where the whole app failed), and the rest of the window goes on working.

import { Component, type ErrorInfo, type ReactNode } from 'react';
import './notes.css';

interface Props {
  /** What the part is, for the sentence: "the sharing panel". */
  what: string;
  children: ReactNode;
  /** Leaves the broken state (e.g. deselects the collection); without it, the part is tried again. */
  onBack?: () => void;
  /** The label of the way back; "Try again" by default. */
  backLabel?: string;
}

interface State {
  failed: boolean;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The message only: a stack of the renderer says nothing a server could use.
    console.error(`[ui] ${this.props.what} failed: ${error instanceof Error ? error.message : String(error)}`, info.componentStack ?? '');
  }

  private readonly back = (): void => {
    this.props.onBack?.();
    this.setState({ failed: false });
  };

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="alert boundary" role="alert">
        <p>
          <strong>Something went wrong here</strong>
          Sharedeck could not show {this.props.what}. The rest of the window still works.
        </p>
        <button type="button" className="btn btn-small" onClick={this.back}>
          {this.props.backLabel ?? 'Try again'}
        </button>
      </div>
    );
  }
}
