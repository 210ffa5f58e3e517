import { z } from 'zod';
import { Currency, Money, ObjectId } from '../common';

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

const PersonName = z.string().trim().min(1).max(100);

export const RegisterCustomer = z.strictObject({
  email: Email,
  password: Password,
  name: PersonName,
});
export type RegisterCustomer = z.infer<typeof RegisterCustomer>;

/**
 * The storefront's sign-in (NextAuth credentials provider) checks a password here. No
 * password rules: an old password that breaks today's rules must still get a plain "no".
 */
export const VerifyCredentials = z.strictObject({
  email: z
    .string()
    .max(254)
    .transform((e) => e.trim().toLowerCase()),
  password: z.string().min(1).max(128),
});
export type VerifyCredentials = z.infer<typeof VerifyCredentials>;

/**
 * An OAuth sign-in the storefront completed (e.g. GitHub): the customer service finds the
 * account of this identity or opens one. Only the storefront's server may ask.
 */
export const ExternalSignIn = z.strictObject({
  provider: z
    .string()
    .max(32)
    .regex(/^[a-z0-9-]{2,32}$/, 'must be a provider id such as github'),
  providerAccountId: z.string().min(1).max(128),
  email: Email,
  name: PersonName,
});
export type ExternalSignIn = z.infer<typeof ExternalSignIn>;

export const VerifiedCustomer = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['customer', 'admin']),
});
export type VerifiedCustomer = z.infer<typeof VerifiedCustomer>;

export const Language = z.enum(['en', 'de', 'fr', 'es', 'it', 'nl']);

export const Preferences = z.strictObject({
  currency: Currency,
  language: Language,
  marketingConsent: z.boolean(),
});
export type Preferences = z.infer<typeof Preferences>;

const AddressFields = {
  label: z.string().trim().max(40).optional(),
  name: PersonName,
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(100),
  country: z
    .string()
    .max(2)
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as DE'),
  phone: z
    .string()
    .max(31)
    .regex(/^\+?[0-9 ()-]{4,30}$/, 'must be a phone number')
    .optional(),
};

export const AddressInput = z.strictObject({ ...AddressFields, isDefault: z.boolean().optional() });
export type AddressInput = z.infer<typeof AddressInput>;

export const UpdateAddress = z
  .strictObject({ ...AddressFields, isDefault: z.boolean() })
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'nothing to update');
export type UpdateAddress = z.infer<typeof UpdateAddress>;

export const Address = z.object({
  id: z.string(),
  label: z.string().optional(),
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  phone: z.string().optional(),
  isDefault: z.boolean(),
});
export type Address = z.infer<typeof Address>;

export const UpdateProfile = z
  .strictObject({ name: PersonName, preferences: Preferences.partial() })
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'nothing to update');
export type UpdateProfile = z.infer<typeof UpdateProfile>;

export const ChangePassword = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: Password,
});

/**
 * A token mailed in a link (password reset, email verification): 32 random bytes, base64url.
 * The service keeps only its SHA-256.
 */
export const AccountToken = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9_-]{43}$/, 'is not complete: open the link from the mail again');

/** Asks for a password reset link; the answer is the same whether or not the email has an account. */
export const RequestPasswordReset = z.strictObject({
  email: z
    .string()
    .max(254)
    .transform((e) => e.trim().toLowerCase()),
});
export type RequestPasswordReset = z.infer<typeof RequestPasswordReset>;

/** Sets a new password with the token of a reset link (once, before it expires). */
export const ResetPassword = z.strictObject({ token: AccountToken, newPassword: Password });
export type ResetPassword = z.infer<typeof ResetPassword>;

/** Whether a reset link may still be used (the reset page asks before showing its form). */
export const CheckResetToken = z.strictObject({ token: AccountToken });

export const ResetTokenStatus = z.object({ expiresAt: z.string() });

/** The account whose password was reset: the storefront offers to sign in with its email. */
export const PasswordResetDone = z.object({ id: z.string(), email: z.string() });
export type PasswordResetDone = z.infer<typeof PasswordResetDone>;

/** Confirms an email address with the token of the link mailed at sign-up. */
export const VerifyEmail = z.strictObject({ token: AccountToken });

/** `GET /admin/customers`: an email (or its beginning) or a fragment of the name. */
export const CustomerLookupQuery = z.strictObject({
  q: z.string().trim().min(2, 'must be at least 2 characters').max(254),
});

/** An account as the admin lookup shows it. */
export const CustomerSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['customer', 'admin']),
  emailVerified: z.boolean(),
  createdAt: z.string(),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

/** The customer service's matches, at most 20, newest accounts first. */
export const CustomerMatches = z.object({ items: z.array(CustomerSummary) });
export type CustomerMatches = z.infer<typeof CustomerMatches>;

/** Not strict: nested routes (`/:id/addresses/:addressId`) check their own further parameters. */
export const CustomerIdParams = z.object({ id: ObjectId });
export const AddressParams = z.strictObject({ id: ObjectId, addressId: z.uuid() });

export const CustomerProfile = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  /** The owner followed the link mailed at sign-up (or a password reset link). Unverified accounts shop all the same. */
  emailVerified: z.boolean(),
  addresses: z.array(Address),
  preferences: Preferences,
  createdAt: z.string(),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

export const OrderHistoryStatus = z.enum(['PLACED', 'CONFIRMED', 'SHIPPED', 'CANCELLED']);
export const OrderHistoryEntry = z.object({
  orderId: z.string(),
  status: OrderHistoryStatus,
  total: Money.nullable(),
  lines: z.array(
    z.object({ productId: z.string(), sku: z.string(), quantity: z.number().int(), unitPrice: Money }),
  ),
  placedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** Money paid back after payment (an admin's refund, a return), oldest first; each once. */
  refunds: z.array(
    z.object({
      refundId: z.string(),
      kind: z.enum(['refund', 'return']),
      amount: Money,
      lines: z.array(z.object({ productId: z.string(), sku: z.string(), quantity: z.number().int() })),
      at: z.string(),
    }),
  ),
});
export type OrderHistoryEntry = z.infer<typeof OrderHistoryEntry>;

export const OrderHistoryPage = z.object({
  items: z.array(OrderHistoryEntry),
  nextCursor: z.string().nullable(),
});

/** Everything the service stores about a customer, for a data export (GDPR art. 20). */
export const CustomerExport = z.object({
  exportedAt: z.string(),
  profile: CustomerProfile,
  orders: z.array(OrderHistoryEntry),
});
