// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsoleBridge, DraftFields } from '../../../../src/shared/ipc/contract';
import type { ConsoleServices } from '../../../../src/renderer/state/consoleServices';
import { ServicesContext } from '../../../../src/renderer/ui/context';
import { useDraft } from '../../../../src/renderer/ui/drafts/useDraft';

afterEach(cleanup);

/** main's drafts as a bridge holds them, with its answer to drafts.list held back until `answerList` (main busy with a catch-up, say). */
function slowListBridge(kept: { key: string; fields: DraftFields }[] = []) {
  const puts: { key: string; fields: DraftFields }[] = [];
  let answerList: () => void = () => undefined;
  const listed = new Promise<void>((resolve) => (answerList = resolve));
  const bridge = {
    async invoke(channel: string, request: unknown) {
      if (channel === 'drafts.list') {
        await listed;
        return { ok: true, value: { drafts: kept } };
      }
      if (channel === 'drafts.put') {
        puts.push(request as { key: string; fields: DraftFields });
        return { ok: true, value: { ok: true } };
      }
      return { ok: false, error: { code: 'unknown_channel', message: channel } };
    },
    on: () => () => undefined,
  } as unknown as ConsoleBridge;
  return { bridge, puts, answerList };
}

function NoteForm() {
  const [text, setText] = useState('');
  useDraft('note:AC-1', { text }, (fields) => setText(fields.text ?? ''));
  return <textarea aria-label="Note" value={text} onChange={(event) => setText(event.target.value)} />;
}

function renderNote(bridge: ConsoleBridge) {
  return render(
    <ServicesContext.Provider value={{ bridge } as unknown as ConsoleServices}>
      <NoteForm />
    </ServicesContext.Provider>,
  );
}

describe('drafts of what is being typed', () => {
  it('keeps what is typed before main’s drafts were read, when typing pauses and when the form is left at once', async () => {
    const paused = slowListBridge();
    renderNote(paused.bridge);
    await userEvent.setup().type(screen.getByLabelText('Note'), 'Customer will call back');
    await waitFor(() => expect(paused.puts).toContainEqual({ key: 'note:AC-1', fields: { text: 'Customer will call back' } }));
    cleanup();

    const left = slowListBridge();
    const { unmount } = renderNote(left.bridge);
    await userEvent.setup({ delay: null }).type(screen.getByLabelText('Note'), 'Half-typed');
    unmount();
    expect(left.puts).toEqual([{ key: 'note:AC-1', fields: { text: 'Half-typed' } }]);
  });

  it('never puts an untouched form over the draft main holds, and restores that draft once read', async () => {
    const main = slowListBridge([{ key: 'note:AC-1', fields: { text: 'Kept from before the reload' } }]);
    const first = renderNote(main.bridge);
    first.unmount();
    expect(main.puts).toEqual([]);

    renderNote(main.bridge);
    main.answerList();
    await waitFor(() => expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Kept from before the reload'));
  });
});
