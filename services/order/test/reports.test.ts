import { canMove, ORDER_STATUSES } from '../src/domain/order';
import { fillDays, STATUS_RANK, utcDay, windowDays } from '../src/domain/reports';

describe('reporting read model: pure parts', () => {
  it('ranks the statuses so that every move the lifecycle allows goes up (a late event never moves an order back)', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        if (canMove(from, to))
          expect([from, to, STATUS_RANK[to] > STATUS_RANK[from]]).toEqual([from, to, true]);
      }
    }
    expect(new Set(Object.values(STATUS_RANK)).size).toBe(ORDER_STATUSES.length);
  });

  it('counts an event on the UTC day of its occurredAt', () => {
    expect(utcDay('2026-03-01T23:30:00+02:00')).toBe('2026-03-01');
    expect(utcDay('2026-03-01T23:30:00-02:00')).toBe('2026-03-02');
  });

  it('gives a window of whole UTC days ending today, across a month and a leap day', () => {
    expect(windowDays(new Date('2024-03-02T00:10:00Z'), 4)).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
      '2024-03-02',
    ]);
    expect(windowDays(new Date('2026-12-02T23:59:59Z'), 30)).toHaveLength(30);
    expect(windowDays(new Date('2026-12-02T23:59:59Z'), 30).at(-1)).toBe('2026-12-02');
  });

  it('fills the days without a row', () => {
    const rows = new Map([['2024-03-01', { day: '2024-03-01', n: 3 }]]);
    expect(fillDays(['2024-02-29', '2024-03-01'], rows, (day) => ({ day, n: 0 }))).toEqual([
      { day: '2024-02-29', n: 0 },
      { day: '2024-03-01', n: 3 },
    ]);
  });
});
