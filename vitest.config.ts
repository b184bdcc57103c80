import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["kernel-lib/test/**/*.test.ts", "test/**/*.test.ts"],
    // Browser and Jupyter tests run under `npm run test:e2e`, not here.
    exclude: ["**/node_modules/**", "test/e2e/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
