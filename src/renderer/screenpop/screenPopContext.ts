import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ScreenPopState, ScreenPopStore } from './screenPopStore';

export const ScreenPopContext = createContext<ScreenPopStore | null>(null);

export function useScreenPopStore(): ScreenPopStore {
  const store = useContext(ScreenPopContext);
  if (!store) throw new Error('useScreenPop needs a ScreenPopProvider (see ConsoleApp)');
  return store;
}

export function useScreenPop<T>(selector: (state: ScreenPopState) => T): T {
  return useStore(useScreenPopStore(), selector);
}
