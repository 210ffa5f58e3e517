import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';

/** bcrypt cost 11: about 100 ms on one core, slow for guessing, fine for sign-in. */
const COST = 11;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const passwordMatches = (password: string, hash: string) => bcrypt.compare(password, hash);

/** A hash of a random secret nobody knows, at the same cost as real ones. */
const UNKNOWN_ACCOUNT_HASH = bcrypt.hashSync(randomBytes(18).toString('base64'), COST);

/**
 * Checks a password against an account's hash, or against a decoy hash when there is
 * no such account, so both answers take as long and an attacker cannot tell which
 * emails have accounts from the response time.
 */
export async function credentialsMatch(password: string, hash: string | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? UNKNOWN_ACCOUNT_HASH);
  return matches && hash !== undefined;
}
