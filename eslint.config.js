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
  // Screens read and write through stores, and take their shapes from src/models and
  // src/shared: no module of the storage, sync or HTTP layers, not even a type.
  ...[['src/views/**', '\\.\\./'], ['src/components/**', '\\.\\./\\.\\./']].map(([files, up]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: `^${up}(db|sync|api|platform)/`, message: 'Screens go through a store (src/stores) and take their types from src/models or src/shared.' },
        { group: ['rxdb', 'rxdb/*'], message: 'Only src/db imports RxDB.' },
      ] }],
    },
  })),
  {
    files: ['src/stores/**', 'src/api/**', 'src/domain/**', 'src/models/**', 'src/shared/**', 'src/platform/**', 'src/i18n/**', 'src/sync/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['rxdb', 'rxdb/*'], message: 'Only src/db imports RxDB (src/sync through src/db/replication-api.ts).' }] }],
    },
  },
  {
    // RxDB's internals (what it does not promise across versions) in one adapter, pinned and tested.
    files: ['src/db/**', 'test/**', 'bench/**'],
    ignores: ['src/db/rxdb-internals.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'rxdb', importNames: ['createRevision', 'getChangedDocumentsSince', 'now', 'prepareQuery', 'writeDocToDocState', 'META_INSTANCE_SCHEMA_TITLE', 'wrapRxStorageInstance', 'getRxReplicationMetaInstanceSchema', 'getComposedPrimaryKeyOfDocumentData', 'overwritable', 'hasEncryption'], message: 'RxDB internals go through src/db/rxdb-internals.ts.' },
        { name: 'rxdb/plugins/storage-dexie', importNames: ['DEXIE_DOCS_TABLE_NAME', 'dexieReplaceIfStartsWithPipe', 'fromDexieToStorage', 'getKeyRangeByQueryPlan'], message: 'RxDB internals go through src/db/rxdb-internals.ts.' },
      ] }],
    },
  },
)
