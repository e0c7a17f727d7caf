// ESLint flat config: typescript-eslint's recommended rules over the TypeScript sources.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", ".tmp/**", "charts-out/**", "docs/**", "schema/**", "**/*.js", "**/*.mjs", ".tmp-test-*/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
