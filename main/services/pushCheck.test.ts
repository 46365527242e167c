import { describe, expect, it } from 'vitest';
import type { Mutation } from '@common/api';
import { pushChecked } from './pushCheck';

const note = (clientId: string, text: string) => ({ clientId, type: 'add_note', caseId: 'c1', text });

describe('main checks each mutation before it leaves', () => {
  it('sets aside one that can never be accepted and sends the rest in their order', async () => {
    const sent: Mutation[][] = [];
    const answer = await pushChecked([note('a', 'ok'), note('bad', 'half a pair \ud800 here'), { clientId: 'shape', type: 'decide', caseId: 'c1' }, note('b', 'fine')], (valid) => {
      sent.push(valid);
      return Promise.resolve({ results: valid.map((m) => ({ clientId: m.clientId, status: 'applied' as const, caseId: m.caseId, caseVersion: 2 })) });
    });
    expect(sent).toEqual([[note('a', 'ok'), note('b', 'fine')]]);
    expect(answer.results.map((r) => `${r.clientId}:${r.status}`)).toEqual(['a:applied', 'bad:rejected', 'shape:rejected', 'b:applied']);
    expect(answer.quarantined).toEqual(['bad', 'shape']);
    expect(answer.results[1]).toMatchObject({ reason: 'invalid_request', issues: [{ path: 'text' }] });
    expect(JSON.stringify(answer.results[1])).toMatch(/lone surrogate/);
    expect(answer.results[2]).toMatchObject({ reason: 'invalid_request', issues: [{ path: 'decision' }] });
  });

  it('sends nothing when nothing passes', async () => {
    let calls = 0;
    const answer = await pushChecked([note('x', 'nul \u0000')], () => {
      calls++;
      return Promise.resolve({ results: [] });
    });
    expect(calls).toBe(0);
    expect(answer.quarantined).toEqual(['x']);
  });
});
