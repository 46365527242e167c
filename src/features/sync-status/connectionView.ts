import type { ConnectionState, ConnectionStatus } from '@common/ipc/types';
import type { Tone } from '../../ui/StatusDot';

export const toneFor = (status: ConnectionStatus | undefined): Tone =>
  status === 'online' ? 'ok' : status === 'offline' ? 'bad' : status === 'checking' ? 'warn' : 'idle';

/** The i18n key and values describing a connection state in a sentence (status bar, tooltip). */
export function connectionDetail(state: ConnectionState | null): { key: string; values: Record<string, string> } {
  if (!state || state.status === 'not_configured') return { key: 'connection.detailNotConfigured', values: {} };
  const url = state.backendUrl ?? '';
  if (state.status === 'online') return { key: 'connection.detailOnline', values: { url } };
  if (state.status === 'checking') return { key: 'connection.detailChecking', values: { url } };
  return { key: 'connection.detailOffline', values: { url, reason: state.detail ?? '' } };
}
