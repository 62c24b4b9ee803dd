// One style for components/, infra/, policies/, testing/, tools/ and test/: typescript-eslint's recommended
// rules; formatting is Prettier's (`npm run format`), so no stylistic rules here.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["**/node_modules/**", "app/dist/**", "components/dist/**", "**/bin/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: { ecmaVersion: 2022, sourceType: "module" },
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            // Resource inputs and state cross the engine boundary untyped (policies, the fake cloud, the capture):
            // `any` there is honest, and `unknown` would only add casts.
            "@typescript-eslint/no-explicit-any": "off",
            // A `require` inside a function is how the offline tools defer loading SDK modules they rarely need.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        files: ["**/*.js", "**/*.cjs"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly" },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
