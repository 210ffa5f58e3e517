import type { Address, AddressInput, UpdateAddress } from '@sidecart/contracts';
import { Refused } from '@sidecart/service-kit';

/** A customer keeps a small address book; checkout offers the default first. */
export const MAX_ADDRESSES = 10;

export class AddressBookFull extends Refused {
  constructor() {
    super('conflict', `an address book holds at most ${MAX_ADDRESSES} addresses`);
  }
}

/**
 * Exactly one default whenever the book is not empty: the first address becomes the
 * default, a new default demotes the old one, and removing the default promotes the
 * oldest remaining address.
 */
function withOneDefault(addresses: Address[], preferred?: string): Address[] {
  if (addresses.length === 0) return addresses;
  const chosen = preferred ?? addresses.find((a) => a.isDefault)?.id ?? addresses[0]!.id;
  return addresses.map((a) => ({ ...a, isDefault: a.id === chosen }));
}

export function addAddress(addresses: Address[], input: AddressInput, id: string): Address[] {
  if (addresses.length >= MAX_ADDRESSES) throw new AddressBookFull();
  const { isDefault, ...fields } = input;
  const added: Address = { id, ...fields, isDefault: false };
  return withOneDefault([...addresses, added], isDefault || addresses.length === 0 ? id : undefined);
}

/** `null` when the address does not exist. */
export function updateAddress(addresses: Address[], id: string, changes: UpdateAddress): Address[] | null {
  const current = addresses.find((a) => a.id === id);
  if (!current) return null;
  const { isDefault, ...fields } = changes;
  const updated = addresses.map((a) => (a.id === id ? { ...a, ...fields } : a));
  // Un-setting the only default is not possible: someone must be the default.
  return withOneDefault(updated, isDefault ? id : undefined);
}

export function removeAddress(addresses: Address[], id: string): Address[] | null {
  if (!addresses.some((a) => a.id === id)) return null;
  return withOneDefault(addresses.filter((a) => a.id !== id));
}
