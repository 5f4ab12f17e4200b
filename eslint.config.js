// Plain typescript-eslint + eslint-plugin-vue + @stylistic: @antfu/eslint-config 10 needs Node 22
// (Object.groupBy), and the project must lint on Node 20.19 too.
import stylistic from '@stylistic/eslint-plugin'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['data/**', 'dist/**', 'dist-bench/**', 'dist-bench-app/**', 'dev-dist/**', 'test-results/**', 'node_modules/**', 'coverage/**', 'src/db/generated/validators.js'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  stylistic.configs.customize({ indent: 2, quotes: 'single', semi: false, jsx: false }),
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
    },
  },
)
