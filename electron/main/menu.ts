import type { MenuItemConstructorOptions } from 'electron';

// Issue #21: with no menu set, Electron installs its default one, whose View menu gives reload
// (Ctrl+R: a visit half typed is lost) and the developer tools (Ctrl+Shift+I) to anyone at the
// desk. We set our own: editing only (copy/paste keys, and macOS needs the roles for them);
// reload and the developer tools only when not packaged. Labels are Vietnamese: the desk's language.
// https://www.electronjs.org/docs/latest/api/menu#default-menu

export function appMenuTemplate(options: { isPackaged: boolean; platform: NodeJS.Platform; appName: string }): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (options.platform === 'darwin') {
    template.push({
      label: options.appName,
      submenu: [{ role: 'hide', label: 'Ẩn' }, { type: 'separator' }, { role: 'quit', label: 'Thoát' }],
    });
  }
  template.push({
    label: 'Sửa',
    submenu: [
      { role: 'undo', label: 'Hoàn tác' },
      { role: 'redo', label: 'Làm lại' },
      { type: 'separator' },
      { role: 'cut', label: 'Cắt' },
      { role: 'copy', label: 'Sao chép' },
      { role: 'paste', label: 'Dán' },
      { role: 'selectAll', label: 'Chọn tất cả' },
    ],
  });
  if (!options.isPackaged) {
    template.push({
      label: 'Phát triển',
      submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
    });
  }
  return template;
}
