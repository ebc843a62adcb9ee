import { inflateSync } from 'node:zlib';

/** WinAnsi codes 0x80–0x9F that differ from Latin-1 (the rest of WinAnsi is Latin-1). */
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž',
  0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

function decodeWinAnsi(codes: number[]): string {
  return codes.map((code) => WIN_ANSI_HIGH[code] ?? String.fromCharCode(code)).join('');
}

function decodeLiteral(body: string): number[] {
  const codes: number[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i] as string;
    if (char !== '\\') {
      codes.push(char.charCodeAt(0));
      continue;
    }
    const next = body[i + 1] ?? '';
    const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (next in escapes) {
      codes.push(escapes[next] as number);
      i += 1;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))?.[0] ?? '';
      codes.push(parseInt(octal, 8));
      i += octal.length;
    }
  }
  return codes;
}

/**
 * The text a PDF draws, one string per text-showing operator (Tj), in drawing order. Reads
 * every content stream (inflating FlateDecode ones) and decodes the hex or literal strings
 * shown with the standard fonts' WinAnsi encoding. Enough for PDFs made with pdf-lib's
 * standard fonts; not a general PDF text extractor.
 */
export function pdfTextRuns(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes);
  const text = raw.toString('latin1');
  const runs: string[] = [];
  const streamStart = /<<((?:[^<>]|<<[^>]*>>)*)>>\s*stream\r?\n/g;
  for (let match = streamStart.exec(text); match; match = streamStart.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const dictionary = match[1] ?? '';
    let data = raw.subarray(start, end);
    if (/\/FlateDecode/.test(dictionary)) {
      try {
        data = inflateSync(data);
      } catch {
        continue; // not a stream we can read (e.g. an image)
      }
    }
    const content = data.toString('latin1');
    const shown = /(?:<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\))\s*Tj/g;
    for (let op = shown.exec(content); op; op = shown.exec(content)) {
      if (op[1] !== undefined) {
        const hex = op[1].replace(/\s+/g, '');
        const codes: number[] = [];
        for (let i = 0; i + 1 < hex.length; i += 2) codes.push(parseInt(hex.slice(i, i + 2), 16));
        runs.push(decodeWinAnsi(codes));
      } else {
        runs.push(decodeWinAnsi(decodeLiteral(op[2] ?? '')));
      }
    }
  }
  return runs;
}

/** All drawn text joined by newlines, for `toContain` checks. */
export function pdfText(bytes: Uint8Array): string {
  return pdfTextRuns(bytes).join('\n');
}
