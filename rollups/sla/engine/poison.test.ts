import { describe, expect, it } from 'vitest';
import { isolateFailures } from './poison.ts';

describe('isolateFailures', () => {
  it('computes every good ticket and reports each bad one alone', async () => {
    const computed: string[] = [];
    const poisoned: string[] = [];
    const ids = ['a', 'b', 'bad1', 'c', 'd', 'bad2', 'e'];
    await isolateFailures(
      ids,
      (group) => {
        if (group.some((id) => id.startsWith('bad'))) return Promise.reject(new Error('boom'));
        computed.push(...group);
        return Promise.resolve();
      },
      (id) => {
        poisoned.push(id);
        return Promise.resolve();
      },
    );
    expect(computed.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(poisoned).toEqual(['bad1', 'bad2']);
  });
});
