import type pg from 'pg';

/**
 * Erased accounts in a PostgreSQL service (`customer.deleted`). Each such service keeps a table
 * `erased_customers (customer_id text PRIMARY KEY, erased_at timestamptz)`: only the account's
 * id, so that a late event or a request racing the erasure cannot bring personal data back.
 * Every write that stores personal data about a customer, and the erasure itself, first takes
 * `lockCustomer` in its transaction: the two are then ordered, and whichever runs second sees
 * the other.
 */
export async function lockCustomer(tx: pg.ClientBase, customerId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('customer:' || $1))`, [customerId]);
}

/** Whether the customer's account was erased; ask under `lockCustomer`. */
export async function isErased(tx: pg.ClientBase, customerId: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM erased_customers WHERE customer_id = $1', [customerId]);
  return rowCount === 1;
}

/** Lists the customer as erased (idempotent); call it under `lockCustomer`. */
export async function recordErasure(tx: pg.ClientBase, customerId: string): Promise<void> {
  await tx.query('INSERT INTO erased_customers (customer_id) VALUES ($1) ON CONFLICT DO NOTHING', [
    customerId,
  ]);
}
