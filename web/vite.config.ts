// The web app's build: `npm run build` (or `npm start`, when web/dist is missing or older than web/src) writes
// web/dist, which the server serves. `npm run web:dev` serves it with hot reload, the API proxied to `npm start`.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // antd and React are one vendor chunk that changes only with package-lock.json, so browsers keep it cached.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // ECharts (with zrender) is its own chunk, loaded with the dashboard only.
        codeSplitting: {
          groups: [
            { name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 2 },
            { name: "vendor", test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { proxy: { "/api": `http://127.0.0.1:${process.env.PORT || 3000}` } },
});
