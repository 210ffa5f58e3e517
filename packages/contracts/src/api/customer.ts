import { z } from 'zod';

/** Password rules: long enough to resist guessing, bounded so hashing cannot be abused. */
export const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(128, 'must be at most 128 characters')
  .regex(/[a-zA-Z]/, 'must contain a letter')
  .regex(/[0-9]/, 'must contain a digit');

export const Email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());

export const RegisterCustomer = z.strictObject({
  email: Email,
  password: Password,
  name: z.string().trim().min(1).max(100),
});
export type RegisterCustomer = z.infer<typeof RegisterCustomer>;

export const CustomerProfile = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: z.string(),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;
