import { MAX_EVENT_BYTES } from './limits';

const encoder = new TextEncoder();

/** Size of an event as stored and sent: its JSON in UTF-8 (Infinity if it cannot be serialised, e.g. nested too deep). */
export function eventByteSize(event: unknown): number {
  try {
    return encoder.encode(JSON.stringify(event) ?? '').length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Why an event is too large to record or store, or null (desktop and service use the same bound). */
export function describeOversizeEvent(event: unknown): string | null {
  const bytes = eventByteSize(event);
  if (bytes <= MAX_EVENT_BYTES) return null;
  if (!Number.isFinite(bytes)) return 'the event cannot be serialised as JSON';
  return `the event is ${Math.ceil(bytes / 1024)} KB; at most ${MAX_EVENT_BYTES / 1024} KB is accepted — shorten it`;
}
