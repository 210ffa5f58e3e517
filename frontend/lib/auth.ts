import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import { redirect } from 'next/navigation';
import { VerifiedCustomer } from '@sidecart/contracts';
import { callApi, GatewayError, type Caller } from './gateway';
import { mergeGuestCart } from './guest-cart';

type Role = 'customer' | 'admin';

/**
 * Sign-in. Passwords are checked by the customer service (through the gateway); the
 * session is a JWT in an http-only cookie that names the customer and their role.
 * GitHub sign-in is offered when GITHUB_ID and GITHUB_SECRET are set.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
  pages: { signIn: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        try {
          const { body } = await callApi<unknown>(null, '/customers/credentials/verify', {
            method: 'POST',
            body: { email: credentials.email, password: credentials.password },
          });
          const customer = VerifiedCustomer.parse(body);
          return { id: customer.id, email: customer.email, name: customer.name, role: customer.role };
        } catch (err) {
          // A wrong password is a plain "no"; anything else (shop down, rate limit) says so.
          if (err instanceof GatewayError && err.status === 401) return null;
          throw new Error(err instanceof Error ? err.message : 'Sign-in failed');
        }
      },
    }),
    ...(process.env.GITHUB_ID && process.env.GITHUB_SECRET
      ? [GitHubProvider({ clientId: process.env.GITHUB_ID, clientSecret: process.env.GITHUB_SECRET })]
      : []),
  ],
  events: {
    // A cart filled while signed out joins the account's (the merge is idempotent).
    async signIn({ user }) {
      await mergeGuestCart({ id: user.id, role: (user as { role?: Role }).role ?? 'customer' });
    },
  },
  callbacks: {
    async signIn({ account, user }) {
      if (account?.provider === 'credentials') return true;
      // An OAuth sign-in becomes a customer account on first use (see linkExternalAccount).
      const linked = await linkExternalAccount(
        account?.provider ?? '',
        account?.providerAccountId ?? '',
        user,
      );
      Object.assign(user, linked);
      return true;
    },
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = (user as { role?: Role }).role ?? 'customer';
        // The gateway ends sessions that began before a password change or "sign out everywhere".
        token.signedInAt = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    async session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.sub!,
        role: (token.role as Role) ?? 'customer',
        signedInAt: typeof token.signedInAt === 'number' ? token.signedInAt : undefined,
      } as typeof session.user;
      return session;
    },
  },
};

/** Asks the customer service for the account of an OAuth identity, creating it the first time. */
async function linkExternalAccount(
  provider: string,
  providerAccountId: string,
  user: { email?: string | null; name?: string | null },
): Promise<{ id: string; role: Role }> {
  const { body } = await callApi<unknown>(STOREFRONT, '/customers/external', {
    method: 'POST',
    body: {
      provider,
      providerAccountId,
      email: user.email ?? '',
      name: user.name || user.email || 'Shopper',
    },
  });
  const customer = VerifiedCustomer.parse(body);
  return { id: customer.id, role: customer.role };
}

/** The storefront's own identity, for the one call it makes for nobody in particular. */
const STOREFRONT: Caller = { id: 'storefront', role: 'admin' };

export type SignedIn = { id: string; role: Role; name: string; email: string; signedInAt?: number };

export async function currentUser(): Promise<SignedIn | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as Partial<SignedIn> | undefined;
  if (!user?.id) return null;
  return {
    id: user.id,
    role: user.role ?? 'customer',
    name: user.name ?? '',
    email: user.email ?? '',
    signedInAt: user.signedInAt,
  };
}

/** For protected pages: the signed-in user, or a redirect to sign-in that comes back here. */
export async function requireUser(returnTo: string): Promise<SignedIn> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export async function requireAdmin(returnTo: string): Promise<SignedIn> {
  const user = await requireUser(returnTo);
  if (user.role !== 'admin') redirect('/');
  return user;
}
