/** The playground's browser entry: mounts the React app (design.md "The playground"). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './theme/theme.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html must contain <div id="root">');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
