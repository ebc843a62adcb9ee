import { useRef, useState } from 'react';
import type { CaseEventDraft } from '../../../shared/domain/caseEvent';
import { useReadModels } from '../context';
import type { ActionDraft } from './decideDraft';

export type { ActionDraft } from './decideDraft';

/**
 * Records one action through main. A retry of the very same action reuses its event id, so an
 * attempt that reached main after all is recognised as a duplicate instead of recorded twice;
 * a changed action gets a new id.
 */
export function useRecordAction(): { record(draft: ActionDraft): Promise<string | null>; busy: boolean } {
  const { sync } = useReadModels();
  const [busy, setBusy] = useState(false);
  const last = useRef<{ id: string; key: string } | null>(null);

  async function record(draft: ActionDraft): Promise<string | null> {
    const key = JSON.stringify(draft);
    const attempt = last.current?.key === key ? last.current : { id: crypto.randomUUID(), key };
    last.current = attempt;
    setBusy(true);
    try {
      const result = await sync.append({ ...draft, id: attempt.id } as CaseEventDraft);
      if (!result.ok) return `${result.error.message}${result.error.hint ? ` ${result.error.hint}` : ''}`;
      last.current = null;
      return null;
    } finally {
      setBusy(false);
    }
  }

  return { record, busy };
}
