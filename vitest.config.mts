import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Fixture inputs are sources to transform, some named like tests on purpose.
    exclude: ["test/fixtures/**", "node_modules/**"],
    testTimeout: 60_000,
  },
});
