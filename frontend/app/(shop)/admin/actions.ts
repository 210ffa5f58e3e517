'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { PICTURE_MAX_BYTES, PictureType, type Product } from '@sidecart/contracts';
import { attempt, text } from '@/lib/actions';
import { backToAdmin } from '@/lib/admin';
import { requireAdmin, type SignedIn } from '@/lib/auth';
import type { FormState } from '@/lib/form-state';
import { callApi } from '@/lib/gateway';
import { parseMajorUnits } from '@/lib/money';
import { keepTyped, type TypedState } from '@/lib/typed-values';

const PRODUCTS = '/admin/products';
const productPath = (form: FormData, action: string) =>
  `/products/${encodeURIComponent(text(form, 'productId'))}/${action}`;

const NEW_PRODUCT_FIELDS = ['sku', 'name', 'description', 'category', 'price', 'currency', 'onHand'];

export async function createProduct(_: TypedState, form: FormData): Promise<TypedState> {
  const admin = await requireAdmin(PRODUCTS);
  return keepTyped(await create(admin, form), form, NEW_PRODUCT_FIELDS);
}

async function create(admin: SignedIn, form: FormData): Promise<FormState> {
  const amount = parseMajorUnits(text(form, 'price'));
  if (amount === undefined) {
    return {
      ok: false,
      message: 'Please enter the price as an amount such as 12.99.',
      fields: { 'price.amount': 'is not an amount' },
    };
  }
  const onHand = Number(text(form, 'onHand') || '0');
  if (!Number.isInteger(onHand) || onHand < 0) {
    return {
      ok: false,
      message: 'Please enter the stock as a whole number.',
      fields: { onHand: 'is not a whole number' },
    };
  }
  const name = text(form, 'name');
  return attempt(async () => {
    await callApi(admin, '/products', {
      method: 'POST',
      body: {
        sku: text(form, 'sku').toUpperCase(),
        name,
        description: String(form.get('description') ?? '').trim(),
        categories: [text(form, 'category')],
        price: { amount, currency: text(form, 'currency') },
        onHand,
      },
    });
    revalidatePath(PRODUCTS);
    return { ok: true, message: `“${name}” is added to the catalog.` };
  });
}

export async function adjustStock(_: TypedState, form: FormData): Promise<TypedState> {
  const admin = await requireAdmin(PRODUCTS);
  const delta = Number(text(form, 'delta'));
  if (!Number.isInteger(delta)) {
    const message = 'Please enter the change as a whole number, such as 5 or -2.';
    return keepTyped({ ok: false, message }, form, ['delta', 'reason']);
  }
  const result = await attempt(async () => {
    const { body } = await callApi<Product>(admin, productPath(form, 'stock'), {
      method: 'POST',
      body: { delta, reason: text(form, 'reason') },
    });
    revalidatePath(PRODUCTS);
    return { ok: true, message: `Done: ${body.stock.onHand} on hand.` };
  });
  return keepTyped(result, form, ['delta', 'reason']);
}

export async function archiveProduct(_: FormState, form: FormData): Promise<FormState> {
  const admin = await requireAdmin(PRODUCTS);
  const result = await attempt(() =>
    callApi(admin, productPath(form, 'archive'), { method: 'POST' }).then(() => undefined),
  );
  if (!result?.ok) return result;
  // The archived product leaves the list, and its row with it: the list page says what happened.
  revalidatePath(PRODUCTS);
  redirect(backToAdmin(text(form, 'returnTo'), { archived: text(form, 'productId') }));
}

/**
 * A product's new main picture. The type and size are checked here too, to say so before the
 * upload travels on; the product service checks the picture itself and re-encodes it.
 */
export async function uploadPicture(_: FormState, form: FormData): Promise<FormState> {
  const admin = await requireAdmin(PRODUCTS);
  const file = form.get('picture');
  if (!(file instanceof File) || file.size === 0) {
    return { ok: false, message: 'Please choose a picture.', fields: { data: 'is missing' } };
  }
  const type = PictureType.safeParse(file.type);
  if (!type.success) {
    return {
      ok: false,
      message: 'Please choose a JPEG, PNG or WebP picture.',
      fields: { contentType: 'must be JPEG, PNG or WebP' },
    };
  }
  if (file.size > PICTURE_MAX_BYTES) {
    const limit = PICTURE_MAX_BYTES / (1024 * 1024);
    return {
      ok: false,
      message: `Please choose a picture of at most ${limit} MB.`,
      fields: { data: `must be at most ${limit} MB` },
    };
  }
  const data = Buffer.from(await file.arrayBuffer()).toString('base64');
  return attempt(async () => {
    const { body } = await callApi<Product>(admin, productPath(form, 'picture'), {
      method: 'PUT',
      body: { contentType: type.data, data },
    });
    revalidatePath(PRODUCTS);
    return { ok: true, message: `“${body.name}” has its new picture.` };
  });
}
