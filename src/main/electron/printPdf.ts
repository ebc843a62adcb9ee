import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import type { PrintPdf } from '../services/workflow/workflowHandlers';

/**
 * Opens a PDF in its own window with Chromium's PDF viewer, whose print button sends it to
 * the system print dialog. Why not a hidden window and webContents.print(): Electron's PDF
 * viewer is an extension that webContents.print() cannot reach, and it prints a blank page
 * (electron/electron#30947, #26448). The window shows exactly the PDF the browser host
 * downloads. The file lives in a private temporary folder removed when the window closes.
 */
export function createPdfPrinter(parentWindow: () => BrowserWindow | null): PrintPdf {
  return async (pdf, title) => {
    const dir = await mkdtemp(join(tmpdir(), 'agent-console-print-'));
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf, { mode: 0o600 });
    const parent = parentWindow();
    const window = new BrowserWindow({
      width: 860,
      height: 1040,
      title,
      show: false,
      autoHideMenuBar: true,
      ...(parent && !parent.isDestroyed() ? { parent } : {}),
      // No preload and no Node: the window shows a PDF and nothing else. Plugins on for the PDF viewer.
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true, devTools: false },
    });
    window.on('closed', () => void rm(dir, { recursive: true, force: true }).catch(() => undefined));
    window.once('ready-to-show', () => window.show());
    try {
      await window.loadURL(pathToFileURL(file).toString());
    } catch (error) {
      window.destroy();
      throw error;
    }
    return true;
  };
}
