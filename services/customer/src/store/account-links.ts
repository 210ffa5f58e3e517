import { Schema, type Connection } from 'mongoose';
import { newLinkToken, tokenHash, type LinkPurpose } from '../domain/account-links';

/** A mailed link's token, by the SHA-256 of the token (never the token itself). */
type LinkDoc = {
  _id: string;
  purpose: LinkPurpose;
  customerId: string;
  createdAt: Date;
  expiresAt: Date;
};

/** A token that was used, by the same hash: inserting it is what spends the token. */
type UseDoc = { _id: string; usedAt: Date };

const linkSchema = new Schema<LinkDoc>(
  {
    _id: { type: String, required: true },
    purpose: { type: String, required: true },
    customerId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'account_links', versionKey: false },
);
linkSchema.index({ customerId: 1 });

const useSchema = new Schema<UseDoc>(
  { _id: { type: String, required: true }, usedAt: { type: Date, required: true } },
  { collection: 'account_link_uses', versionKey: false },
);

/** Why a token cannot be used. */
export type LinkRefusal = 'unknown' | 'expired' | 'used';

/**
 * The tokens of mailed links (password reset, email verification). Each is used at most once:
 * using one inserts a document under its hash into `account_link_uses`, and the unique `_id`
 * lets exactly one of any number of concurrent uses succeed. An insert, never an update: FerretDB
 * applies concurrent updates of one document without isolation (docs/architecture.md, "Order
 * emails"), so a conditional update could let two uses of one token through.
 */
export class AccountLinks {
  private readonly links;
  private readonly uses;

  constructor(connection: Connection) {
    this.links = connection.model<LinkDoc>('AccountLink', linkSchema);
    this.uses = connection.model<UseDoc>('AccountLinkUse', useSchema);
  }

  async init(): Promise<void> {
    await Promise.all([this.links.syncIndexes(), this.uses.syncIndexes()]);
  }

  /** A new token for the account, valid for `lifetimeSeconds`; only its hash is kept. */
  async issue(
    purpose: LinkPurpose,
    customerId: string,
    lifetimeSeconds: number,
  ): Promise<{ token: string; expiresAt: Date }> {
    const { token, hash } = newLinkToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + lifetimeSeconds * 1000);
    // Links long expired are of no use to anyone: the account's are cleared as it gets a new one.
    await this.links.deleteMany({ customerId, expiresAt: { $lt: new Date(now.getTime() - 86_400_000) } });
    await this.links.create({ _id: hash, purpose, customerId, createdAt: now, expiresAt });
    return { token, expiresAt };
  }

  /** How many links of `purpose` the account was sent since `since` (a cap on mails one can ask for). */
  async issuedSince(purpose: LinkPurpose, customerId: string, since: Date): Promise<number> {
    return this.links.countDocuments({ customerId, purpose, createdAt: { $gte: since } });
  }

  /** The account a token may still be used for, without using it; or why it may not. */
  async check(
    purpose: LinkPurpose,
    token: string,
  ): Promise<{ customerId: string; expiresAt: Date } | LinkRefusal> {
    const hash = tokenHash(token);
    // Uses first: a used reset link's document is gone (`revoke`), its use is kept.
    if (await this.uses.exists({ _id: hash })) return 'used';
    const link = await this.links.findById(hash).lean<LinkDoc>();
    if (!link || link.purpose !== purpose) return 'unknown';
    if (link.expiresAt.getTime() <= Date.now()) return 'expired';
    return { customerId: link.customerId, expiresAt: link.expiresAt };
  }

  /** Spends the token: the account it was issued for, once; any later or concurrent use is refused. */
  async use(purpose: LinkPurpose, token: string): Promise<{ customerId: string } | LinkRefusal> {
    const checked = await this.check(purpose, token);
    if (typeof checked === 'string') return checked;
    try {
      await this.uses.create({ _id: tokenHash(token), usedAt: new Date() });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return 'used';
      throw err;
    }
    return { customerId: checked.customerId };
  }

  /** Every other link of `purpose` the account still has stops working (a reset made the rest moot). */
  async revoke(purpose: LinkPurpose, customerId: string): Promise<void> {
    await this.links.deleteMany({ customerId, purpose });
  }

  /** The account is erased: its links go with it. */
  async forget(customerId: string): Promise<void> {
    await this.links.deleteMany({ customerId });
  }
}
