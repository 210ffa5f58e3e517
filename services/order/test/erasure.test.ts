import { ShippingAddress } from '@sidecart/contracts';
import { ERASED, pseudonymizedAddress } from '../src/domain/erasure';

describe('an erased customer’s shipping address', () => {
  const address = {
    name: 'Ada Lovelace',
    line1: '12 St James Square',
    line2: 'Flat 3',
    city: 'London',
    postalCode: 'SW1Y 4JH',
    country: 'GB',
  };

  it('keeps only the country, and still has the address’s shape', () => {
    const erased = pseudonymizedAddress(address);
    expect(erased).toEqual({ name: ERASED, line1: ERASED, city: ERASED, postalCode: ERASED, country: 'GB' });
    expect(ShippingAddress.parse(erased)).toEqual(erased);
    const text = JSON.stringify(erased);
    for (const personal of ['Ada', 'James', 'Flat', 'London', 'SW1Y']) expect(text).not.toContain(personal);
  });

  it('is the same when erased twice (a redelivered customer.deleted)', () => {
    expect(pseudonymizedAddress(pseudonymizedAddress(address))).toEqual(pseudonymizedAddress(address));
  });
});
