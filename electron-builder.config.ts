import type { Configuration } from 'electron-builder';

/**
 * The update feed: electron-updater's generic provider reads `latest.yml` (Windows), `latest-mac.yml`
 * and `latest-linux.yml` from this folder. Set GAVEL_UPDATE_URL when packaging for a real deployment;
 * Settings → Updates can point an installed app at another feed (main/electron/updater.ts).
 */
export const DEFAULT_UPDATE_URL = process.env.GAVEL_UPDATE_URL ?? 'https://updates.example.com/gavel/desktop';

/**
 * `npm run dist` (scripts/dist.mjs) packages the built app (out/, `npm run build`) with this. Only
 * the build output and the window icon go in; sources, tests and docs never do
 * (scripts/packaging.test.ts checks the list, the fuses and the update settings).
 */
const config: Configuration = {
  appId: 'app.gavel.workstation',
  productName: 'Gavel',
  executableName: 'gavel',
  copyright: 'Gavel',
  directories: { output: 'dist', buildResources: 'resources' },
  files: [
    'package.json',
    'out/main/**/*',
    'out/preload/**/*',
    'out/renderer/**/*',
    'resources/icons/512x512.png',
    // Browser mode's host and bridge are for running without Electron; source maps stay out of installers.
    '!out/main/host.js',
    '!**/*.map',
  ],
  asar: true,
  // Electron refuses to load a modified app.asar (checked against the hash in the executable, macOS and
  // Windows) and loads the app from nowhere else; nothing may run the binary as plain Node or attach an
  // inspector from the command line.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  publish: [{ provider: 'generic', url: DEFAULT_UPDATE_URL, channel: 'latest' }],
  linux: {
    target: ['deb', 'AppImage'],
    icon: 'resources/icons',
    category: 'Office',
    synopsis: 'Complaint arbitration workstation',
    maintainer: 'Gavel <ops@example.com>',
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'] },
  win: {
    target: ['nsis'],
    icon: 'resources/icon.ico',
    // electron-updater installs an update only when its Authenticode signature names this publisher.
    signtoolOptions: { publisherName: ['Gavel'] },
    verifyUpdateCodeSignature: true,
  },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false },
  mac: {
    target: ['dmg'],
    icon: 'resources/icon.icns',
    category: 'public.app-category.business',
    // Squirrel.Mac, under electron-updater, accepts only an update signed by the same Developer ID.
    hardenedRuntime: true,
  },
  dmg: { sign: false },
};

export default config;
