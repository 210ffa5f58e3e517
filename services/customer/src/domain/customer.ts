import {
  newEnvelope,
  type Address,
  type CustomerProfile,
  type CustomerRegistered,
  type Preferences,
} from '@sidecart/contracts';

export type Role = 'customer' | 'admin';

export type Customer = {
  id: string;
  email: string;
  name: string;
  role: Role;
  addresses: Address[];
  preferences: Preferences;
  createdAt: Date;
};

export const DEFAULT_PREFERENCES: Preferences = { currency: 'EUR', language: 'en', marketingConsent: false };

export const toProfile = (c: Customer): CustomerProfile => ({
  id: c.id,
  email: c.email,
  name: c.name,
  addresses: c.addresses,
  preferences: c.preferences,
  createdAt: c.createdAt.toISOString(),
});

export const customerRegistered = (c: Pick<Customer, 'id' | 'email' | 'name'>): CustomerRegistered => ({
  ...newEnvelope(),
  customerId: c.id,
  email: c.email,
  name: c.name,
});
