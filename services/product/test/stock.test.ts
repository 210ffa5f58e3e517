import {
  applyMovement,
  mergeLines,
  planAdjustment,
  planHold,
  planRevision,
  sweepStep,
} from '../src/domain/stock';
import { seedCatalog } from '../src/domain/seed';
import { CreateProduct } from '@sidecart/contracts';

const balance = (onHand: number, reserved: number) => ({ seq: 3, onHand, reserved });
const product = { active: true };

describe('holding stock', () => {
  it('holds from what is neither sold nor promised', () => {
    expect(planHold(product, balance(10, 7), 3)).toEqual({ onHandDelta: 0, reservedDelta: 3 });
    expect(applyMovement(balance(10, 7), { onHandDelta: 0, reservedDelta: 3 })).toEqual({
      seq: 4,
      onHand: 10,
      reserved: 10,
    });
  });

  it('says why it cannot hold', () => {
    expect(planHold(product, balance(10, 8), 3)).toEqual({ reason: 'INSUFFICIENT_STOCK', available: 2 });
    expect(planHold(product, balance(10, 10), 1)).toEqual({ reason: 'OUT_OF_STOCK', available: 0 });
    expect(planHold({ active: false }, balance(10, 0), 1)).toEqual({
      reason: 'INACTIVE_PRODUCT',
      available: 10,
    });
    expect(planHold(null, balance(0, 0), 1)).toEqual({ reason: 'UNKNOWN_PRODUCT', available: 0 });
  });

  it('merges repeated lines of one product and orders them by product', () => {
    expect(
      mergeLines([
        { productId: 'b', quantity: 1 },
        { productId: 'a', quantity: 2 },
        { productId: 'b', quantity: 4 },
      ]),
    ).toEqual([
      { productId: 'a', quantity: 2 },
      { productId: 'b', quantity: 5 },
    ]);
  });
});

describe('manual adjustments', () => {
  it('never leave fewer units than are reserved, or fewer than none', () => {
    expect(planAdjustment(balance(10, 4), -6)).toEqual({ onHandDelta: -6, reservedDelta: 0 });
    expect(planAdjustment(balance(10, 4), -7)).toBeNull();
    expect(planAdjustment(balance(0, 0), -1)).toBeNull();
    expect(planAdjustment(balance(0, 0), 5)).toEqual({ onHandDelta: 5, reservedDelta: 0 });
  });
});

describe('demo catalog', () => {
  const catalog = seedCatalog();

  it('is the same on every call and satisfies the create contract', () => {
    expect(seedCatalog()).toEqual(catalog);
    for (const p of catalog) expect(CreateProduct.parse(p)).toBeTruthy();
  });

  it('has at least 200 products over at least 8 categories, unique skus and names, some sold out', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(200);
    expect(new Set(catalog.flatMap((p) => p.categories)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(catalog.map((p) => p.sku)).size).toBe(catalog.length);
    expect(catalog.some((p) => p.onHand === 0)).toBe(true);
    expect(catalog.every((p) => Number.isInteger(p.price.amount) && p.price.amount > 0)).toBe(true);
  });
});

describe('the sweeper, for an order still on the open list', () => {
  const facts = (over: Partial<Parameters<typeof sweepStep>[0]>) =>
    sweepStep({ requested: true, decision: null, settlement: null, expired: false, ...over });
  const reserved = { status: 'RESERVED' as const, done: true };

  it('decides an order nobody decided, and forgets one that was never requested', () => {
    expect(facts({})).toBe('decide');
    expect(facts({ requested: false })).toBe('close');
  });

  it('finishes a rejection whose units are not all back, then closes it', () => {
    expect(facts({ decision: { status: 'REJECTED', done: false } })).toBe('finish-decision');
    expect(facts({ decision: { status: 'REJECTED', done: true } })).toBe('close');
  });

  it('leaves a reserved, unpaid order alone until its time is up, then releases it', () => {
    expect(facts({ decision: reserved })).toBe('wait-until-expiry');
    expect(facts({ decision: reserved, expired: true })).toBe('release');
  });

  it('finishes a settlement half-way, and never releases a settled order however late', () => {
    expect(facts({ decision: reserved, settlement: { done: false }, expired: true })).toBe(
      'finish-settlement',
    );
    expect(facts({ decision: reserved, settlement: { done: true }, expired: true })).toBe('close');
  });
});

describe('revising a reservation', () => {
  it('holds what the new lines add, gives back what they drop, product by product', () => {
    expect(
      planRevision(
        [
          { productId: 'a', quantity: 3 },
          { productId: 'b', quantity: 2 },
          { productId: 'c', quantity: 1 },
        ],
        [
          { productId: 'a', quantity: 1 },
          { productId: 'c', quantity: 2 },
          { productId: 'c', quantity: 1 },
        ],
      ),
    ).toEqual({
      hold: [{ productId: 'c', quantity: 2 }],
      release: [
        { productId: 'a', quantity: 2 },
        { productId: 'b', quantity: 2 },
      ],
    });
  });

  it('moves nothing when the lines stay the same', () => {
    const lines = [{ productId: 'a', quantity: 2 }];
    expect(planRevision(lines, lines)).toEqual({ hold: [], release: [] });
  });
});
