'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { Currency } from '@sidecart/contracts';
import { attempt, text } from '@/lib/actions';
import { requireAdmin } from '@/lib/auth';
import type { FormState } from '@/lib/form-state';
import { callApi } from '@/lib/gateway';
import { parseMajorUnits } from '@/lib/money';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One admin step on an order, then back to its page with a note of what was done. The form's
 * `key` (rendered with the page) goes along as the Idempotency-Key: a double submit refunds once.
 */
async function act(
  form: FormData,
  done: string,
  call: (orderId: string, admin: Awaited<ReturnType<typeof requireAdmin>>) => Promise<unknown>,
): Promise<FormState> {
  const orderId = text(form, 'orderId');
  if (!UUID.test(orderId)) return { ok: false, message: 'This order does not exist.' };
  const page = `/admin/orders/${orderId}`;
  const admin = await requireAdmin(page);
  const state = await attempt(async () => void (await call(orderId, admin)));
  if (!state?.ok) return state;
  revalidatePath(page);
  redirect(`${page}?done=${done}`);
}

const keyed = (form: FormData) => ({ 'idempotency-key': text(form, 'key') });
const reason = (form: FormData) => text(form, 'reason') || undefined;
const chosenLines = (form: FormData) => form.getAll('productId').map((id) => ({ productId: String(id) }));

/** Whole lines chosen by checkbox, refunded (`refunds`) or returned (`returns`). */
async function sendLines(form: FormData, route: 'refunds' | 'returns', none: string): Promise<FormState> {
  const lines = chosenLines(form);
  if (lines.length === 0) return { ok: false, message: none };
  return act(form, route === 'refunds' ? 'refund' : 'return', (orderId, admin) =>
    callApi(admin, `/admin/orders/${orderId}/${route}`, {
      method: 'POST',
      headers: keyed(form),
      body: { lines, reason: reason(form) },
    }),
  );
}

export async function refundLines(_: FormState, form: FormData): Promise<FormState> {
  return sendLines(form, 'refunds', 'Choose the lines to refund.');
}

export async function refundAmount(_: FormState, form: FormData): Promise<FormState> {
  const amount = parseMajorUnits(text(form, 'amount'));
  if (!amount)
    return {
      ok: false,
      message: 'Please enter the amount as a number such as 5.50.',
      fields: { 'amount.amount': 'is not an amount' },
    };
  return act(form, 'refund', (orderId, admin) =>
    callApi(admin, `/admin/orders/${orderId}/refunds`, {
      method: 'POST',
      headers: keyed(form),
      body: { amount: { amount, currency: text(form, 'currency') as Currency }, reason: reason(form) },
    }),
  );
}

export async function recordReturn(_: FormState, form: FormData): Promise<FormState> {
  return sendLines(form, 'returns', 'Choose the lines that came back.');
}

export async function cancelPaidOrder(_: FormState, form: FormData): Promise<FormState> {
  return act(form, 'cancel', (orderId, admin) =>
    callApi(admin, `/orders/${orderId}/cancel`, {
      method: 'POST',
      body: { reason: reason(form) ?? 'cancelled by the shop' },
    }),
  );
}
