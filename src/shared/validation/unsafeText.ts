const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text cannot be accepted, or null. A NUL character cannot be stored in PostgreSQL text or
 * jsonb, and an unpaired UTF-16 surrogate is not Unicode at all (jsonb refuses it, UTF-8 mangles it):
 * both are refused where they enter rather than failing deep in storage.
 */
export function describeUnsafeText(text: string): string | null {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return `contains a NUL character (U+0000) at position ${nul + 1}, which cannot be stored`;
  const surrogate = UNPAIRED_SURROGATE.exec(text);
  if (surrogate) {
    const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
    return `contains an unpaired UTF-16 surrogate (U+${code}) at position ${surrogate.index + 1}: it is not valid Unicode text`;
  }
  return null;
}
