'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { attempt, text } from '@/lib/actions';
import { backToAdmin } from '@/lib/admin';
import { requireAdmin } from '@/lib/auth';
import type { FormState } from '@/lib/form-state';
import { callApi } from '@/lib/gateway';
import { keepTyped, type TypedState } from '@/lib/typed-values';

const ORDERS = '/admin/orders';
const orderPath = (form: FormData, action: string) =>
  `/orders/${encodeURIComponent(text(form, 'orderId'))}/${action}`;

// On success the order changes status, so its row swaps forms or leaves a filtered list:
// the list page, not the row, says what was done.

export async function shipOrder(_: TypedState, form: FormData): Promise<TypedState> {
  const admin = await requireAdmin(ORDERS);
  const carrier = text(form, 'carrier');
  const result = await attempt(() =>
    callApi(admin, orderPath(form, 'ship'), {
      method: 'POST',
      body: { trackingNumber: text(form, 'trackingNumber'), carrier: carrier || undefined },
    }).then(() => undefined),
  );
  if (!result?.ok) return keepTyped(result, form, ['trackingNumber', 'carrier']);
  revalidatePath(ORDERS);
  redirect(backToAdmin(text(form, 'returnTo'), { shipped: text(form, 'orderId') }));
}

export async function deliverOrder(_: FormState, form: FormData): Promise<FormState> {
  const admin = await requireAdmin(ORDERS);
  const result = await attempt(() =>
    callApi(admin, orderPath(form, 'deliver'), { method: 'POST' }).then(() => undefined),
  );
  if (!result?.ok) return result;
  revalidatePath(ORDERS);
  redirect(backToAdmin(text(form, 'returnTo'), { delivered: text(form, 'orderId') }));
}
