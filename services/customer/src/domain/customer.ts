import type { CustomerRegistered, CustomerProfile } from '@sidecart/contracts';
import { randomUUID } from 'node:crypto';

export type Customer = {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
};

export const toProfile = (c: Customer): CustomerProfile => ({
  id: c.id,
  email: c.email,
  name: c.name,
  createdAt: c.createdAt.toISOString(),
});

export const customerRegistered = (c: Customer): CustomerRegistered => ({
  eventId: randomUUID(),
  occurredAt: new Date().toISOString(),
  customerId: c.id,
  email: c.email,
  name: c.name,
});
