import { MAX_EVENT_BYTES } from './limits';

const encoder = new TextEncoder();

/** An event's JSON text and its size in UTF-8, or null if it cannot be serialised (e.g. nested too deep). */
function serialise(event: unknown): { json: string; bytes: number } | null {
  let json: string;
  try {
    json = JSON.stringify(event) ?? '';
  } catch {
    return null;
  }
  return { json, bytes: encoder.encode(json).length };
}

/** Size of an event as stored and sent: its JSON in UTF-8 (Infinity if it cannot be serialised). */
export function eventByteSize(event: unknown): number {
  return serialise(event)?.bytes ?? Number.POSITIVE_INFINITY;
}

/** An event's JSON text when it is within the size bound (desktop and service use the same bound), else why not. */
export type MeasuredEvent = { ok: true; json: string } | { ok: false; reason: string };

/**
 * Serialises the event once and measures that text, so a caller that stores the event can use the
 * very text that was measured instead of serialising it again.
 */
export function measureEvent(event: unknown): MeasuredEvent {
  const serialised = serialise(event);
  if (!serialised) return { ok: false, reason: 'the event cannot be serialised as JSON' };
  if (serialised.bytes <= MAX_EVENT_BYTES) return { ok: true, json: serialised.json };
  return { ok: false, reason: `the event is ${Math.ceil(serialised.bytes / 1024)} KB; at most ${MAX_EVENT_BYTES / 1024} KB is accepted — shorten it` };
}

/** Why an event is too large to record or store, or null (desktop and service use the same bound). */
export function describeOversizeEvent(event: unknown): string | null {
  const measured = measureEvent(event);
  return measured.ok ? null : measured.reason;
}
