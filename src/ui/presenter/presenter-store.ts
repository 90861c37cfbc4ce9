/** Presenter mode's state: on or off, the shortcut sheet, and a blanked screen. */
import { create } from 'zustand';

export interface PresenterState {
  presenting: boolean;
  sheetOpen: boolean;
  blank: boolean;
}

export const usePresenter = create<PresenterState>()(() => ({
  presenting: false,
  sheetOpen: false,
  blank: false,
}));

export function togglePresenter(): void {
  usePresenter.setState((s) => ({ presenting: !s.presenting }));
}

export function toggleSheet(): void {
  usePresenter.setState((s) => ({ sheetOpen: !s.sheetOpen }));
}
