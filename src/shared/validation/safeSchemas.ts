import { z } from 'zod';
import { findHostileValue } from './hostileValue';
import { MAX_JSON_DEPTH } from './limits';
import { describeUnsafeText } from './unsafeText';

/** A string that can be stored and shown: no NUL character, no unpaired surrogate (zod names the field). */
export function safeString() {
  return z.string().check((ctx) => {
    const problem = describeUnsafeText(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
}

/**
 * Any JSON value bounded in depth and made of safe strings (e.g. a workflow answer). The bound is
 * checked before zod's own recursive JSON check, which would overflow the stack on deep input.
 */
export function boundedJson(maxDepth: number = MAX_JSON_DEPTH) {
  return z
    .unknown()
    .check((ctx) => {
      const hostile = findHostileValue(ctx.value, maxDepth);
      if (hostile) ctx.issues.push({ code: 'custom', message: hostile.message, input: ctx.value, path: hostile.path });
    })
    .pipe(z.json());
}
