import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import type { Locale } from '@common/ipc/settings';

const HELP = {
  'zh-CN': { help: '帮助', exportDiagnostics: '导出诊断信息…', openLogs: '打开日志文件夹' },
  en: { help: 'Help', exportDiagnostics: 'Export diagnostics…', openLogs: 'Open logs folder' },
} as const;

/**
 * The standard roles, so copy/paste, zoom, full screen and window management work as users expect, and
 * Help → Export diagnostics (the renderer adds its counts and writes the file, as from Settings).
 */
export function installAppMenu(options: { locale: Locale; exportDiagnostics: () => void; logsDir: string }): void {
  const text = HELP[options.locale];
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      label: text.help,
      submenu: [
        { label: text.exportDiagnostics, click: options.exportDiagnostics },
        { label: text.openLogs, click: () => void shell.openPath(options.logsDir) },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
