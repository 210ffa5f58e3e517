'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { attempt, text } from '@/lib/actions';
import { currentUser } from '@/lib/auth';
import { addLine, setLine } from '@/lib/cart-lines';
import type { FormState } from '@/lib/form-state';
import { changeOwnCart } from '@/lib/guest-cart';

const quantityOf = (form: FormData) => {
  const value = Number(text(form, 'quantity'));
  return Number.isInteger(value) ? value : NaN;
};

// Signed in or not: a signed-out shopper fills a guest cart, merged into the account at sign-in.

export async function addToCart(_: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  const quantity = quantityOf(form);
  if (!(quantity >= 1 && quantity <= 99)) return { ok: false, message: 'Choose a quantity from 1 to 99.' };
  const state = await attempt(async () => {
    await changeOwnCart(user, addLine(text(form, 'productId'), quantity));
    revalidatePath('/cart');
    return { ok: true, message: `Added ${quantity} to your cart.` };
  });
  // A signed-out shopper added from a page the page cache served (app/signed-out): the answer
  // re-renders the page under app/(shop), which would drop the form's message. The cart shows it.
  if (!user && state?.ok) redirect('/cart');
  return state;
}

export async function updateQuantity(_: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  const quantity = quantityOf(form);
  if (!(quantity >= 0 && quantity <= 99)) return { ok: false, message: 'Choose a quantity from 0 to 99.' };
  return attempt(async () => {
    await changeOwnCart(user, setLine(text(form, 'productId'), quantity));
    revalidatePath('/cart');
  });
}

export async function removeFromCart(_: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  return attempt(async () => {
    await changeOwnCart(user, setLine(text(form, 'productId'), 0));
    revalidatePath('/cart');
  });
}
