// Every file belongs to one environment, and these rules enforce it (see DESIGN.md):
// src/shared is pure (no electron, no Node, no DOM), the renderer imports no Node,
// and only the Electron shell (src/main/electron, src/preload) imports 'electron'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeImportBan = {
  paths: nodeModules.map((name) => ({ name, message: 'Node APIs are not available here: go through the IPC contract (src/shared/ipc).' })),
  patterns: [{ group: ['node:*'], message: 'Node APIs are not available here: go through the IPC contract (src/shared/ipc).' }],
};
const electronBan = { name: 'electron', message: "Only the Electron shell (src/main/electron, src/preload) may import 'electron'." };
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'XMLHttpRequest', 'WebSocket', 'location', 'HTMLElement', 'Element'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronBan] }],
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan, ...nodeImportBan.paths], patterns: nodeImportBan.patterns }],
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: 'src/shared is pure: no DOM APIs.' })), { name: 'process', message: 'src/shared is pure: no Node globals.' }, { name: 'Buffer', message: 'src/shared is pure: no Node globals.' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [electronBan, ...nodeImportBan.paths], patterns: nodeImportBan.patterns }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The renderer has no Node: use the IPC contract.' }, { name: 'require', message: 'The renderer has no Node.' }, { name: 'Buffer', message: 'The renderer has no Node.' }],
    },
  },
  {
    files: ['src/main/electron/**/*.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
