import { defineConfig } from 'vite'

// Built into target/console (copied into the jar by `mvn -Pconsole`); served at /observe/hawtio/.
export default defineConfig({
  base: '/observe/hawtio/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../target/console/hawtio',
    emptyOutDir: true,
    chunkSizeWarningLimit: 20000,
  },
})
