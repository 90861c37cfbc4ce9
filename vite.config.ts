import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Module workers: one per storage node (see src/runtime).
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // worker-check.html: a tiny page the browser tests use to exercise the worker runtime.
    rolldownOptions: { input: { main: 'index.html', workerCheck: 'worker-check.html' } },
  },
});
