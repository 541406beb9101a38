// ESLint (flat config): typescript-eslint's recommended rules on the TypeScript sources and tests; formatting is
// Prettier's (eslint-config-prettier turns off the rules it owns). `npm run lint` runs both.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "coverage/",
      "node_modules/",
      ".tmp/",
      "bench/.cache/",
      "test/fixtures/",
      "examples/",
      "transforms/*.js",
      "**/*.mjs",
      "**/*.js",
      "**/*.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` says "given, not used" (commander's action arguments, callbacks of a fixed shape).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  prettier,
);
