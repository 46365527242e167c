import { create } from 'zustand';
import type { AppInfo, ConnectionState } from '@common/ipc/types';
import { gavel, unwrap } from './bridge';

type SessionState = { info: AppInfo | null; connection: ConnectionState | null };

/** What main says about the app and its backend connection; read-only for the renderer. */
const useSessionStore = create<SessionState>(() => ({ info: null, connection: null }));

export const useAppInfo = (): AppInfo | null => useSessionStore((s) => s.info);
export const useConnection = (): ConnectionState | null => useSessionStore((s) => s.connection);

export async function loadSession(): Promise<void> {
  const api = gavel();
  // Subscribe before reading so a change between the two is not lost.
  api.on('connection:state', (connection) => useSessionStore.setState({ connection }));
  // Signing in or out changes the user shown in the header.
  api.on('session:changed', () => {
    void unwrap(api.app.info()).then((info) => useSessionStore.setState({ info }), () => undefined);
  });
  const [info, connection] = await Promise.all([unwrap(api.app.info()), unwrap(api.connection.get())]);
  useSessionStore.setState({ info, connection });
}
