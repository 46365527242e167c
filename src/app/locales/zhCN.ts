/** Simplified Chinese, the default: arbitrators work mostly in Chinese. en.ts must have the same keys. */
export const zhCN = {
  app: { name: '仲裁台', latinName: 'Gavel', tagline: '投诉仲裁工作台' },
  nav: { label: '主导航', queue: '案件队列', qa: '质检', settings: '设置' },
  connection: {
    not_configured: '未配置后端',
    checking: '正在连接…',
    online: '已连接',
    offline: '离线',
    label: '后端连接',
    detailNotConfigured: '在“设置”中填写后端地址后即可同步案件。',
    detailOnline: '后端 {{url}} 可用',
    detailOffline: '无法连接 {{url}}：{{reason}}',
    detailChecking: '正在检查 {{url}}',
  },
  user: { notSignedIn: '未登录', osAccount: '本机账户 {{name}}' },
  mode: { browser: '浏览器模式', electron: '桌面版' },
  status: { lastChecked: '最近检查 {{time}}' },
  queue: {
    title: '案件队列',
    subtitle: '已领取并可离线处理的案件',
    emptyTitle: '还没有领取案件',
    emptyBody: '领取的案件会出现在这里，并保存在本机，断网时也能继续处理。\n连接后端后即可从队列领取。',
  },
  qa: {
    title: '质检',
    subtitle: '抽样复核与一致性评估',
    emptyTitle: '暂无质检任务',
    emptyBody: '分配给你的抽样复核任务会出现在这里。',
  },
  settings: {
    title: '设置',
    subtitle: '偏好设置保存在本机',
    language: '界面语言',
    languageHint: '切换后立即生效，并在重启后保留。',
    theme: '外观',
    themeHint: '默认跟随系统的浅色/深色设置。',
    themes: { system: '跟随系统', light: '浅色', dark: '深色' },
    backend: '后端地址',
    backendHint: '仲裁后端的 http(s) 地址。留空表示尚未连接后端。',
    backendPlaceholder: 'https://arbitration.example.com',
    save: '保存',
    clear: '清除',
    saved: '已保存',
    about: '关于',
    version: '版本',
    runtime: '运行方式',
    platform: '平台',
  },
  errors: {
    bridgeMissingTitle: '无法连接到应用主进程',
    startFailed: '启动失败',
    invalidField: '{{field}} 无效：{{message}}',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;
