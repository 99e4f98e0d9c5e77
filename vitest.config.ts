import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Test files run in parallel processes; each uses its own sandbox port, Redis prefix and schema.
    pool: "forks",
  },
});
