import 'server-only';
import type { AdminOrderList, CustomerLookup, OrderStatus } from '@sidecart/contracts';
import type { SignedIn } from './auth';
import { listProducts } from './catalog';
import { callApi, queryString } from './gateway';

/** The catalog as an admin sees it, 50 products a page. */
export const listProductsForAdmin = (admin: SignedIn, query: { q?: string; cursor?: string }) =>
  listProducts({ ...query, limit: '50' }, admin);

/** Every shopper's orders, newest first, 25 a page. */
export async function listAllOrders(admin: SignedIn, query: { status?: OrderStatus; cursor?: string }) {
  return (await callApi<AdminOrderList>(admin, `/admin/orders?${queryString({ ...query, limit: '25' })}`))
    .body;
}

/** Accounts whose email starts with `q` or whose name contains it, each with its latest orders. */
export async function lookUpCustomers(admin: SignedIn, q: string) {
  return (await callApi<CustomerLookup>(admin, `/admin/customers?${queryString({ q })}`)).body;
}

const ADMIN_PAGES = ['/admin/products', '/admin/orders'];

/**
 * Where an admin action sends the admin back to: the list they acted on (`returnTo`, from the
 * form) with a note of what was done. Only admin pages: a form field must not redirect off-site.
 */
export function backToAdmin(returnTo: string, note: Record<string, string>): string {
  const url = new URL(returnTo || '/admin/products', 'http://admin.invalid');
  const path = ADMIN_PAGES.includes(url.pathname) ? url.pathname : '/admin/products';
  for (const [key, value] of Object.entries(note)) url.searchParams.set(key, value);
  return `${path}?${url.searchParams}`;
}

/** The first value of a search parameter, if it has one. */
export const oneParam = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value) || undefined;
