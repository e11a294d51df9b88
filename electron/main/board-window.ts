import { BrowserWindow, screen } from 'electron';
import { buildMainWindowOptions } from './window-options';

export { afterDispatch } from './board-result';

// Issue #5 point 5: the display board in a second window, full screen on the display chosen in
// Settings (queue.boardDisplay, 1 = primary). The page asks through the contract
// (`queue.openBoard`): the core checks the role and returns the display; main, seeing the
// successful result, opens (or brings forward) the window. The page itself can open no window:
// every window.open is denied in index.ts.

let boardWindow: BrowserWindow | null = null;

/** Displays in a stable order: the primary first, then left to right, top to bottom. */
function orderedDisplays(): Electron.Display[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return [...screen.getAllDisplays()].sort(
    (a, b) => Number(b.id === primaryId) - Number(a.id === primaryId) || a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y,
  );
}

export function openBoardWindow(options: { preloadPath: string; url: string; display: number; devTools: boolean }): void {
  const displays = orderedDisplays();
  // When the chosen display is not connected, the last one (usually the TV) is used.
  const target = displays[options.display - 1] ?? displays.at(-1) ?? screen.getPrimaryDisplay();
  if (boardWindow && !boardWindow.isDestroyed()) {
    // A full-screen window ignores setBounds (issue #21): on the display asked for it is brought
    // forward; on another one it is closed and opened again there, full screen from the start.
    if (screen.getDisplayMatching(boardWindow.getBounds()).id === target.id) {
      boardWindow.show();
      boardWindow.focus();
      return;
    }
    const old = boardWindow;
    boardWindow = null;
    old.destroy();
  }
  const base = buildMainWindowOptions(options.preloadPath, { devTools: options.devTools });
  const window = new BrowserWindow({
    ...base,
    x: target.bounds.x,
    y: target.bounds.y,
    width: target.bounds.width,
    height: target.bounds.height,
    minWidth: undefined,
    minHeight: undefined,
    fullscreen: true,
    title: 'Bàn Hỗ Trợ Số — Màn hình gọi số',
    backgroundColor: '#0b2545',
    // The chime must play without anyone touching the TV.
    webPreferences: { ...base.webPreferences, autoplayPolicy: 'no-user-gesture-required' },
  });
  boardWindow = window;
  window.on('closed', () => {
    if (boardWindow === window) boardWindow = null;
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
}

export function closeBoardWindow(): void {
  if (boardWindow && !boardWindow.isDestroyed()) boardWindow.close();
  boardWindow = null;
}
