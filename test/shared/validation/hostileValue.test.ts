import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseEventPayloads, parseCaseEvent } from '../../../src/shared/domain/caseEvent';
import { describeOversizeEvent } from '../../../src/shared/validation/eventSize';
import { findHostileValue } from '../../../src/shared/validation/hostileValue';
import { MAX_EVENT_BYTES, MAX_JSON_DEPTH } from '../../../src/shared/validation/limits';
import { boundedJson, safeString } from '../../../src/shared/validation/safeSchemas';
import { describeUnsafeText } from '../../../src/shared/validation/unsafeText';
import { ManualCustomer } from '../../../src/shared/walkin/walkInContact';
import { validateAnswer } from '../../../src/shared/workflow/answers';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? { next: value } : [value];
  return value;
}

describe('describeUnsafeText', () => {
  it('refuses a NUL character and says where it is', () => {
    expect(describeUnsafeText('ab\u0000c')).toMatch(/NUL character .* position 3/);
  });

  it('refuses a lone high or low surrogate but accepts a pair (emoji)', () => {
    expect(describeUnsafeText('x\uD83D')).toMatch(/unpaired UTF-16 surrogate \(U\+D83D\)/);
    expect(describeUnsafeText('\uDE00x')).toMatch(/unpaired .*U\+DE00/);
    expect(describeUnsafeText('fine 😀 text, ünïcode')).toBeNull();
  });
});

describe('findHostileValue', () => {
  it('names the path of a bad string, a bad key and a prototype key', () => {
    expect(findHostileValue({ a: [{ b: 'x\u0000' }] }, MAX_JSON_DEPTH)).toMatchObject({ path: ['a', 0, 'b'] });
    expect(findHostileValue({ a: { ['k\uD800']: 1 } }, MAX_JSON_DEPTH)?.message).toMatch(/key .*surrogate/);
    expect(findHostileValue(JSON.parse('{"a":{"__proto__":{"admin":true}}}'), MAX_JSON_DEPTH)).toMatchObject({ path: ['a', '__proto__'] });
  });

  it('accepts 32 levels and refuses 33; 10,000 levels do not overflow the stack', () => {
    expect(findHostileValue(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBeNull();
    expect(findHostileValue(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)?.message).toMatch(/deeper than 32 levels/);
    expect(findHostileValue(nested(10_000), MAX_JSON_DEPTH)?.message).toMatch(/deeper than 32/);
  });
});

describe('safe schemas', () => {
  it('safeString names the field in the zod issue', () => {
    const result = z.object({ note: safeString().min(1) }).safeParse({ note: 'hi\u0000' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['note'], message: expect.stringMatching(/NUL/) });
  });

  it('boundedJson refuses a 10,000-deep answer with its path instead of throwing', () => {
    const result = z.object({ value: boundedJson() }).safeParse({ value: nested(10_000) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.slice(0, 2)).toEqual(['value', 'next']);
    expect(z.object({ value: boundedJson() }).safeParse({ value: { answers: ['a', 1, null, true] } }).success).toBe(true);
  });
});

describe('case events', () => {
  const envelope = {
    id: '0b7d4c2e-8f3a-4d55-9a1e-3c2b1a0f9e8d',
    caseId: 'CASE-1',
    schemaVersion: 1,
    at: '2026-12-06T10:00:00.000Z',
    hlc: '0001',
    actorId: 'agent-1',
    deviceId: 'desk-1',
  };

  it('a note with a NUL is refused, naming payload.text', () => {
    const parsed = parseCaseEvent({ ...envelope, type: 'note.added', payload: { text: 'hello\u0000' } });
    expect(parsed).toMatchObject({ ok: false, reason: expect.stringMatching(/^payload\.text: contains a NUL/) });
    expect(caseEventPayloads['note.added'].safeParse({ text: '<b>bold</b> is only text' }).success).toBe(true);
  });

  it('an unpaired surrogate in the envelope (device id) is refused', () => {
    expect(parseCaseEvent({ ...envelope, deviceId: 'd\uDC00', type: 'note.added', payload: { text: 'x' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^deviceId: .*surrogate/) });
  });

  it('a deeply nested workflow answer is refused, naming payload.value', () => {
    const parsed = parseCaseEvent({ ...envelope, type: 'workflow.answered', payload: { workflowId: 'w', version: 1, stepId: 's', fieldId: 'f', value: nested(10_000) } });
    expect(parsed).toMatchObject({ ok: false, reason: expect.stringMatching(/^payload\.value\.next\.0.*…: is nested deeper than 34 levels/) });
  });

  it('an event over 64 KB is refused, with its size as the reason', () => {
    const big = { ...envelope, type: 'workflow.answered', payload: { workflowId: 'w', version: 1, stepId: 's', fieldId: 'f', value: 'x'.repeat(MAX_EVENT_BYTES) } };
    expect(describeOversizeEvent(big)).toMatch(/at most 64 KB/);
    expect(parseCaseEvent(big)).toMatchObject({ ok: false, reason: expect.stringMatching(/at most 64 KB/) });
  });
});

describe('where agents type', () => {
  it('a workflow text answer and a walk-in customer refuse unstorable text with the reason', () => {
    const field = { id: 'what', label: 'What happened', type: 'text' as const, required: true };
    expect(validateAnswer(field as never, 'Card used in \u0000 Lisbon')).toEqual({ ok: false, reason: expect.stringMatching(/^the answer contains a NUL character/) });
    expect(validateAnswer(field as never, 'Card used in Lisbon')).toEqual({ ok: true, value: 'Card used in Lisbon' });
    const walkIn = ManualCustomer.safeParse({ fullName: 'Ana\uDC00', contact: '' });
    expect(walkIn.error?.issues[0]).toMatchObject({ path: ['fullName'], message: expect.stringMatching(/unpaired UTF-16 surrogate/) });
  });
});
