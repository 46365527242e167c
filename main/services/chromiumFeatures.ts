/**
 * Chromium features Gavel's renderer runs without. The Electron shell switches them off before the
 * app is ready (main/electron/app.ts), and every Chromium the tests, benches and screenshot scripts
 * launch does the same (testing/chromium.ts), so what they measure is the app's renderer.
 *
 * - `DeferRendererTasksAfterInput`: after a key press or a click, Chromium holds the page's other
 *   tasks (IndexedDB's answers among them) until the next frame has been drawn. A decision is on
 *   disk a few milliseconds after Ctrl+Enter, but the page heard so up to a frame later, and the
 *   next case opened that much later too: traced in the workstation bench, the commit's complete
 *   event reached the renderer 10 ms after the key and ran at 22 ms, right after the frame. A desk
 *   whose every keystroke leads to a write wants the write's answer now; what the deferral protects
 *   (the frame after the key) is measured by the same bench's next-case and filter figures
 *   (docs/performance.md, "Issue 20 §5: the decision keystroke").
 */
export const DISABLED_CHROMIUM_FEATURES: readonly string[] = ['DeferRendererTasksAfterInput'];
