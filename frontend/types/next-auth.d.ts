import type { DefaultSession } from 'next-auth';

// The session names the customer and their role (set in lib/auth.ts callbacks).
declare module 'next-auth' {
  interface Session {
    user: DefaultSession['user'] & { id: string; role: 'customer' | 'admin' };
  }
}
