'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { attempt, text } from '@/lib/actions';
import { currentUser } from '@/lib/auth';
import { changeCart } from '@/lib/cart';
import { addLine, setLine } from '@/lib/cart-lines';
import type { FormState } from '@/lib/form-state';

const quantityOf = (form: FormData) => {
  const value = Number(text(form, 'quantity'));
  return Number.isInteger(value) ? value : NaN;
};

export async function addToCart(_: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  const returnTo = text(form, 'returnTo') || '/cart';
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  const quantity = quantityOf(form);
  if (!(quantity >= 1 && quantity <= 99)) return { ok: false, message: 'Choose a quantity from 1 to 99.' };
  return attempt(async () => {
    await changeCart(user, addLine(text(form, 'productId'), quantity));
    revalidatePath('/cart');
    return { ok: true, message: `Added ${quantity} to your cart.` };
  });
}

export async function updateQuantity(_: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/cart');
  const quantity = quantityOf(form);
  if (!(quantity >= 0 && quantity <= 99)) return { ok: false, message: 'Choose a quantity from 0 to 99.' };
  return attempt(async () => {
    await changeCart(user, setLine(text(form, 'productId'), quantity));
    revalidatePath('/cart');
  });
}

export async function removeFromCart(_: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/cart');
  return attempt(async () => {
    await changeCart(user, setLine(text(form, 'productId'), 0));
    revalidatePath('/cart');
  });
}
