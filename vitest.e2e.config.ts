import { defineConfig } from "vitest/config";

/** Tests that need a real browser (Debian chromium) or Jupyter: `npm run test:e2e`. */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
