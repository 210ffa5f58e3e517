import { CustomerRegistered } from '@sidecart/contracts';
import { hashPassword, passwordMatches } from '../src/domain/credentials';
import { customerRegistered, toProfile } from '../src/domain/customer';

const customer = {
  id: '6b065900492b27f54e76c9d7',
  email: 'ada@example.com',
  name: 'Ada',
  createdAt: new Date('2026-01-01'),
};

describe('customer domain', () => {
  it('builds a customer.registered event that satisfies the contract, with a fresh eventId', () => {
    const a = customerRegistered(customer);
    const b = customerRegistered(customer);
    expect(CustomerRegistered.parse(a)).toEqual(a);
    expect(a.eventId).not.toBe(b.eventId);
  });

  it('never exposes the password hash in a profile', () => {
    expect(toProfile({ ...customer, passwordHash: 'x' } as never)).toEqual({
      id: customer.id,
      email: customer.email,
      name: 'Ada',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('hashes passwords so only the right one matches', async () => {
    const hash = await hashPassword('correct-horse-42');
    expect(hash).not.toContain('correct-horse-42');
    expect(await passwordMatches('correct-horse-42', hash)).toBe(true);
    expect(await passwordMatches('correct-horse-43', hash)).toBe(false);
  });
});
