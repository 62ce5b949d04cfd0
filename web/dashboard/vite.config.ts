import { defineConfig } from "vite";

// The built files are served by dashboard-api at "/", next to its /api routes; `npm run dev`
// proxies /api to a running dashboard-api (DASHBOARD_API, e.g. from .dev/endpoints.json).
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: {
    host: "127.0.0.1",
    proxy: { "/api": process.env.DASHBOARD_API ?? "http://127.0.0.1:23104" },
  },
});
