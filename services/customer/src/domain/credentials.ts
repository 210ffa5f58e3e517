import bcrypt from 'bcryptjs';

/** bcrypt cost 11: about 100 ms on one core, slow for guessing, fine for sign-in. */
const COST = 11;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const passwordMatches = (password: string, hash: string) => bcrypt.compare(password, hash);
