import { defineConfig } from 'vite';

const api = 'http://localhost:3000';

export default defineConfig({
  // No React plugin: esbuild's automatic JSX runtime is all we need.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': api, '/healthz': api, '/readyz': api },
  },
  preview: { port: 4173 },
});
