'use server';
import { revalidatePath } from 'next/cache';
import type { Product } from '@sidecart/contracts';
import { attempt, text } from '@/lib/actions';
import { attributesFromText, categoriesFromText } from '@/lib/admin-edit';
import { requireAdmin } from '@/lib/auth';
import { callApi } from '@/lib/gateway';
import { parseMajorUnits } from '@/lib/money';
import { keepTyped, type TypedState } from '@/lib/typed-values';

const FIELDS = ['name', 'description', 'categories', 'price', 'currency', 'attributes'];
const OBJECT_ID = /^[a-f0-9]{24}$/;

/** Saves an admin's edit of a product; the product service records who changed what. */
export async function updateProduct(_: TypedState, form: FormData): Promise<TypedState> {
  const id = text(form, 'productId');
  const page = `/admin/products/${OBJECT_ID.test(id) ? id : ''}`;
  const admin = await requireAdmin(page);
  const amount = parseMajorUnits(text(form, 'price'));
  if (amount === undefined) {
    const message = 'Please enter the price as an amount such as 12.99.';
    return keepTyped({ ok: false, message, fields: { 'price.amount': 'is not an amount' } }, form, FIELDS);
  }
  const attributes = attributesFromText(String(form.get('attributes') ?? ''));
  if (typeof attributes === 'string') {
    return keepTyped({ ok: false, message: attributes, fields: { attributes } }, form, FIELDS);
  }
  const result = await attempt(async () => {
    const { body } = await callApi<Product>(admin, `/products/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: {
        name: text(form, 'name'),
        description: String(form.get('description') ?? '').trim(),
        categories: categoriesFromText(text(form, 'categories')),
        price: { amount, currency: text(form, 'currency') },
        attributes,
      },
    });
    revalidatePath(page);
    revalidatePath('/admin/products');
    return { ok: true, message: `“${body.name}” is saved.` };
  });
  return keepTyped(result, form, FIELDS);
}
