import { defineConfig } from 'vite';

/**
 * The console is a static bundle: the control plane serves console/build at `/` (SWITCHYARD_CONSOLE_DIR)
 * and keeps GraphQL at `/graphql`. Relative asset paths let the same build be served from any prefix;
 * react-admin's hash router means no server-side fallback route is needed.
 */
export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'build',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Vendor code changes far less often than the console: a separate chunk keeps browser caches
        // warm. One chunk, because MUI and react-admin import each other (split, they form a cycle).
        manualChunks: (id) => (id.includes('node_modules') ? 'vendor' : undefined),
      },
      onwarn(warning, warn) {
        // MUI marks modules "use client" for React Server Components, which a client bundle ignores.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'SOURCEMAP_ERROR') return;
        warn(warning);
      },
    },
  },
  // `pnpm dev` talks to a control plane on its default port through the dev server (same origin, no CORS).
  server: { host: '127.0.0.1', port: 5173, proxy: { '/graphql': 'http://127.0.0.1:4000' } },
  preview: { host: '127.0.0.1', port: 4173 },
});
