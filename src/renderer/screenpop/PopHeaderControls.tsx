import { useScreenPop, useScreenPopStore } from './screenPopContext';
import { Icon } from '../ui/Icon';

/** Header controls: customer search (also Ctrl+K) and a way back to a contact the agent stepped away from. */
export function PopHeaderControls() {
  const store = useScreenPopStore();
  const hidden = useScreenPop((state) => state.current !== null && !state.visible && state.current.phase !== 'looking_up');
  const name = useScreenPop((state) => state.current?.snapshot?.customer.customer.fullName ?? null);
  return (
    <div className="pop-header-controls">
      <button type="button" aria-keyshortcuts="Control+K" onClick={() => store.getState().openSearch('pop')}>
        <Icon name="search" /> Search <kbd>Ctrl+K</kbd>
      </button>
      {hidden && (
        <button type="button" onClick={() => store.getState().show()}>
          Back to contact{name ? `: ${name}` : ''}
        </button>
      )}
    </div>
  );
}
