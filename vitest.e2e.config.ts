// Browser tests: the demo (scripts/demo.ts) serves the production build, Debian's Chromium drives it.
// One file at a time: each starts its own demo (embedded PostgreSQL + simulator) on free ports.
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    pool: "forks",
  },
});
