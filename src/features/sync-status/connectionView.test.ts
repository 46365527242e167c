import { describe, expect, it } from 'vitest';
import { connectionDetail, toneFor } from './connectionView';

describe('connection view', () => {
  it('maps statuses to tones', () => {
    expect(toneFor('online')).toBe('ok');
    expect(toneFor('offline')).toBe('bad');
    expect(toneFor('checking')).toBe('warn');
    expect(toneFor('not_configured')).toBe('idle');
  });
  it('describes the state with the URL and reason', () => {
    expect(connectionDetail(null).key).toBe('connection.detailNotConfigured');
    const offline = connectionDetail({ status: 'offline', backendUrl: 'http://b', checkedAt: null, detail: 'ECONNREFUSED' });
    expect(offline).toEqual({ key: 'connection.detailOffline', values: { url: 'http://b', reason: 'ECONNREFUSED' } });
  });
});
