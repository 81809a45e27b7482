import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "build", "app/generated", ".cache", ".data", "tmp", "test-results", "public/build"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // The pure core (each stage's rules/ and app/shared/): no Remix, Prisma, Shopify, database or queue imports (thin routes, pure core).
    files: ["app/*/rules/**/*.ts", "app/shared/**/*.ts"],
    // Tests may read their fixtures from disk.
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@remix-run/*",
                "@shopify/*",
                "@prisma/*",
                "prisma",
                "pg",
                "graphile-worker",
                "~/generated/*",
                "*.server",
                "~/*.server",
                "node:*",
              ],
              message: "rules/ and shared/ are pure: pass I/O in as a dependency.",
            },
          ],
        },
      ],
    },
  },
);
