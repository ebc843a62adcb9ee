import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/** The layer rules in eslint.config.js are architecture; these tests keep them from silently rotting. */
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer lint rules', () => {
  it.each([
    ["import { app } from 'electron';"],
    ["import { readFileSync } from 'node:fs';"],
    ["import { join } from 'path';"],
    ["export const w = window.innerWidth;"],
    ["export const d = document.title;"],
    ["export const env = process.env.HOME;"],
  ])('src/shared refuses %s', async (code) => {
    expect(await ruleIdsFor('src/shared/domain/probe.ts', code)).toEqual(expect.arrayContaining([expect.stringMatching(/no-restricted-(imports|globals)/)]));
  });

  it.each([["import { readFile } from 'node:fs/promises';"], ["import crypto from 'crypto';"], ["import { ipcRenderer } from 'electron';"], ["export const v = process.versions;"]])(
    'the renderer refuses %s',
    async (code) => {
      expect(await ruleIdsFor('src/renderer/probe.ts', code)).toEqual(expect.arrayContaining([expect.stringMatching(/no-restricted-(imports|globals)/)]));
    },
  );

  it('main services may use Node but not electron', async () => {
    expect(await ruleIdsFor('src/main/services/probe.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;")).toEqual([]);
    expect(await ruleIdsFor('src/main/services/probe.ts', "import { app } from 'electron';\nexport const a = app;")).toContain('no-restricted-imports');
  });

  it('the Electron shell may import electron', async () => {
    expect(await ruleIdsFor('src/main/electron/probe.ts', "import { app } from 'electron';\nexport const a = app;")).toEqual([]);
  });

  it('pure code passes', async () => {
    expect(await ruleIdsFor('src/shared/domain/probe.ts', "import { z } from 'zod';\nexport const S = z.string();")).toEqual([]);
  });
});
