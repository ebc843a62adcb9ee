import fc from 'fast-check';

/**
 * Hostile and malformed input for the fuzz suites: text that breaks storage or rendering, values of
 * the wrong type, nesting no parser should have to follow, prototype keys, and mutations of a
 * plausible request (a field dropped, added, or swapped for any of the above).
 */

/** JSON text spliced in as is: for nesting too deep for JSON.stringify and keys it would not write. */
export class RawJson {
  constructor(readonly text: string) {}
}

const deepArray = (depth: number) => new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
const deepObject = (depth: number) => new RawJson(`${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`);

export const HOSTILE_TEXT: readonly string[] = [
  'a\u0000b',
  '\u0000',
  'note\u0000; DROP TABLE case_events',
  'x\uD800',
  '\uDC00y',
  'emoji cut in half \uD83D',
  "' OR '1'='1",
  "'; DROP TABLE case_events; --",
  "Robert'); DROP TABLE customers;--",
  '1; SELECT pg_sleep(30)',
  "' UNION SELECT password_hash FROM agents --",
  '$1',
  '%00',
  '%',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(document.cookie)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '\u202Efdp.exe',
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
  '__proto__',
  'constructor',
  '',
  ' ',
  '\t\n',
  'null',
  'NaN',
  '-1',
  '1e309',
  '😀'.repeat(500),
  'A'.repeat(70_000),
];

/** Any text, with a NUL or a lone surrogate spliced in part of the time. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'), fc.string({ maxLength: 12 }))
      .map(([before, bad, after]) => `${before}${bad}${after}`),
  },
);

/** A leaf or small value of any type, hostile where it can be. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -0) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], { '': '' }) },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, hostileText, { maxKeys: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(33, 100, 10_000).chain((depth) => fc.constantFrom(deepArray(depth), deepObject(depth))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      new RawJson('{"__proto__":{"admin":true,"role":"administrator"}}'),
      new RawJson('{"constructor":{"prototype":{"admin":true}}}'),
      new RawJson('[{"__proto__":null}]'),
    ),
  },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 5_000 }, (_, index) => `item-${index}`)) },
);

/** JSON text of a value that may hold RawJson parts. Recursion only follows the generated shape, never the raw depth. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => toJsonText(item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type Path = (string | number)[];

function containerPaths(value: unknown, path: Path = []): { path: Path; keys: (string | number)[] }[] {
  if (typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [{ path, keys }, ...keys.flatMap((key) => containerPaths((value as Record<string | number, unknown>)[key], [...path, key]))];
}

function edit(value: unknown, path: Path, change: (container: Record<string | number, unknown> | unknown[]) => void): unknown {
  const copy: unknown = structuredClone(value);
  let container = copy as Record<string | number, unknown>;
  for (const step of path) container = container[step] as Record<string | number, unknown>;
  change(container);
  return copy;
}

/** A mutation of `sample`: one field swapped for a hostile value, dropped, or joined by an extra one. */
export function mutationOf(sample: unknown): fc.Arbitrary<unknown> {
  const containers = containerPaths(sample);
  const fields = containers.flatMap(({ path, keys }) => keys.map((key) => ({ path, key })));
  const variants: fc.Arbitrary<unknown>[] = [hostileValue];
  if (fields.length > 0) {
    const field = fc.constantFrom(...fields);
    variants.push(
      fc.tuple(field, hostileValue).map(([{ path, key }, bad]) => edit(sample, path, (container) => void ((container as Record<string | number, unknown>)[key] = bad))),
      field.map(({ path, key }) =>
        edit(sample, path, (container) => {
          if (Array.isArray(container)) container.splice(Number(key), 1);
          else delete container[key];
        }),
      ),
    );
  }
  if (containers.length > 0) {
    variants.push(
      fc
        .tuple(fc.constantFrom(...containers), fc.oneof(hostileText, fc.constantFrom('extra', 'isAdmin', 'role', 'actorId')), hostileValue)
        .map(([{ path }, key, bad]) => edit(sample, path, (container) => void (Array.isArray(container) ? container.push(bad) : (container[key] = bad)))),
    );
  }
  return fc.oneof(...variants);
}

/** Bytes that are not JSON (or not the JSON they claim to be). */
export const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '[', '{"a":1,}', 'nul', 'undefined', '{"a":NaN}', "{'a':1}", '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '"\\x41"', '1e99999', ' '),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Percent-encoding that also carries lone surrogates (as WTF-8 bytes), which encodeURIComponent refuses. */
export function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (/^[A-Za-z0-9\-._~]$/.test(char)) {
      out += char;
      continue;
    }
    const bytes =
      code < 0x80
        ? [code]
        : code < 0x800
          ? [0xc0 | (code >> 6), 0x80 | (code & 0x3f)]
          : code < 0x10000
            ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            : [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    out += bytes.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/** Query parameters: one swapped for hostile text, dropped, repeated, or joined by an extra one. */
export function queryMutationOf(sample: Record<string, string>): fc.Arbitrary<[string, string][]> {
  const entries = Object.entries(sample);
  const variants: fc.Arbitrary<[string, string][]>[] = [
    fc.array(fc.tuple(hostileText, hostileText), { maxLength: 4 }),
    fc.tuple(hostileText, hostileText).map(([key, value]) => [...entries, [key, value] as [string, string]]),
  ];
  if (entries.length > 0) {
    const index = fc.nat({ max: entries.length - 1 });
    variants.push(
      fc.tuple(index, hostileText).map(([at, bad]) => entries.map(([key, value], i) => [key, i === at ? bad : value] as [string, string])),
      index.map((at) => entries.filter((_, i) => i !== at)),
      index.map((at) => [...entries, entries[at]!]),
    );
  }
  return fc.oneof(...variants);
}
