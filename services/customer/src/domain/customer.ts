import {
  newEnvelope,
  type Address,
  type CustomerDeleted,
  type CustomerProfile,
  type CustomerRegistered,
  type CustomerSummary,
  type Preferences,
} from '@sidecart/contracts';

export type Role = 'customer' | 'admin';

export type Customer = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The owner followed a link mailed to the address (sign-up's, or a password reset's). */
  emailVerified: boolean;
  addresses: Address[];
  preferences: Preferences;
  createdAt: Date;
};

export const DEFAULT_PREFERENCES: Preferences = { currency: 'EUR', language: 'en', marketingConsent: false };

export const toProfile = (c: Customer): CustomerProfile => ({
  id: c.id,
  email: c.email,
  name: c.name,
  emailVerified: c.emailVerified,
  addresses: c.addresses,
  preferences: c.preferences,
  createdAt: c.createdAt.toISOString(),
});

/** An account as the admin lookup lists it. */
export const toSummary = (c: Customer): CustomerSummary => ({
  id: c.id,
  email: c.email,
  name: c.name,
  role: c.role,
  emailVerified: c.emailVerified,
  createdAt: c.createdAt.toISOString(),
});

export const customerRegistered = (c: Pick<Customer, 'id' | 'email' | 'name'>): CustomerRegistered => ({
  ...newEnvelope(),
  customerId: c.id,
  email: c.email,
  name: c.name,
});

export const customerDeleted = (id: string): CustomerDeleted => ({ ...newEnvelope(), customerId: id });

/**
 * Whether the change a pending event announces has happened, so the relay may publish it: a
 * registration once the account exists, an erasure once it is gone (`MongoOutbox`).
 */
export const announced = (topic: string, accountExists: boolean): boolean =>
  topic === 'customer.deleted' ? !accountExists : accountExists;
