import { clientOf, decide, rateClassOf } from '../src/domain/rate-limits';

describe('rate-limit policy', () => {
  it('reads and writes draw on different budgets unless the route names one', () => {
    expect(rateClassOf('GET')).toBe('read');
    expect(rateClassOf('HEAD')).toBe('read');
    expect(rateClassOf('POST')).toBe('write');
    expect(rateClassOf('DELETE')).toBe('write');
    expect(rateClassOf('POST', 'auth')).toBe('auth');
  });

  it('a signed-in client is counted by user, wherever it connects from; others by address', () => {
    const me = { userId: 'u-1', role: 'customer' } as const;
    expect(clientOf(me, '10.0.0.1')).toBe(clientOf(me, '10.0.0.2'));
    expect(clientOf(null, '10.0.0.1')).not.toBe(clientOf(null, '10.0.0.2'));
    expect(clientOf(null, '10.0.0.1')).not.toBe(
      clientOf({ userId: '10.0.0.1', role: 'customer' }, '10.0.0.1'),
    );
  });

  it('allows up to the limit, refuses after, and never tells a client to retry in 0 s', () => {
    expect(decide(1, 3, 59_000)).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 59 });
    expect(decide(3, 3, 1_500)).toEqual({ allowed: true, limit: 3, remaining: 0, resetSeconds: 2 });
    expect(decide(4, 3, 10)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 1 });
  });
});
