// The shared styles first: each feature's stylesheet (imported by its components) comes after them.
import './styles/tokens.css';
import './styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary
        what="the window"
        backLabel="Reload"
        onBack={() => {
          window.location.reload();
        }}
      >
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
