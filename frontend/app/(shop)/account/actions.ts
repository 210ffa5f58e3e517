'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { attempt, text } from '@/lib/actions';
import { requireUser } from '@/lib/auth';
import type { FormState } from '@/lib/form-state';
import { callApi } from '@/lib/gateway';
import { keepTyped, type TypedState } from '@/lib/typed-values';

const ACCOUNT = '/account';
/** Empty optional fields are left out: the API checks the format of any value it is given. */
const optional = (value: string) => value || undefined;
const addressPath = (form: FormData) => `/me/addresses/${encodeURIComponent(text(form, 'addressId'))}`;

export async function updateProfile(_: TypedState, form: FormData): Promise<TypedState> {
  const user = await requireUser(ACCOUNT);
  const result = await attempt(async () => {
    await callApi(user, '/me', {
      method: 'PATCH',
      body: {
        name: text(form, 'name'),
        preferences: {
          currency: text(form, 'currency'),
          language: text(form, 'language'),
          marketingConsent: form.get('marketingConsent') === 'on',
        },
      },
    });
    revalidatePath(ACCOUNT);
    return { ok: true, message: 'Your profile is saved.' };
  });
  return keepTyped(result, form, ['name', 'currency', 'language', 'marketingConsent']);
}

const ADDRESS_FIELDS = ['label', 'name', 'line1', 'line2', 'postalCode', 'city', 'country', 'phone'];

export async function addAddress(_: TypedState, form: FormData): Promise<TypedState> {
  const user = await requireUser(ACCOUNT);
  const result = await attempt(async () => {
    await callApi(user, '/me/addresses', {
      method: 'POST',
      body: {
        label: optional(text(form, 'label')),
        name: text(form, 'name'),
        line1: text(form, 'line1'),
        line2: optional(text(form, 'line2')),
        postalCode: text(form, 'postalCode'),
        city: text(form, 'city'),
        country: text(form, 'country'),
        phone: optional(text(form, 'phone')),
        isDefault: form.get('isDefault') === 'on',
      },
    });
    revalidatePath(ACCOUNT);
    return { ok: true, message: 'The address is added to your address book.' };
  });
  return keepTyped(result, form, [...ADDRESS_FIELDS, 'isDefault']);
}

export async function makeDefaultAddress(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser(ACCOUNT);
  return attempt(async () => {
    await callApi(user, addressPath(form), { method: 'PATCH', body: { isDefault: true } });
    revalidatePath(ACCOUNT);
  });
}

export async function deleteAddress(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser(ACCOUNT);
  return attempt(async () => {
    await callApi(user, addressPath(form), { method: 'DELETE' });
    revalidatePath(ACCOUNT);
  });
}

export async function changePassword(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser(ACCOUNT);
  // Not trimmed: spaces may be part of a password.
  const currentPassword = String(form.get('currentPassword') ?? '');
  const newPassword = String(form.get('newPassword') ?? '');
  if (newPassword !== String(form.get('repeatPassword') ?? '')) {
    const mismatch = 'does not match the new password';
    return { ok: false, message: `The repeated password ${mismatch}.`, fields: { repeatPassword: mismatch } };
  }
  return attempt(async () => {
    await callApi(user, '/me/password', { method: 'POST', body: { currentPassword, newPassword } });
    return { ok: true, message: 'Your password is changed.' };
  });
}

export async function deleteAccount(_: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser(ACCOUNT);
  if (form.get('confirm') !== 'on') {
    return { ok: false, message: 'Please tick the box to confirm that you want to delete your account.' };
  }
  const result = await attempt(() => callApi(user, '/me', { method: 'DELETE' }).then(() => undefined));
  // The session still names the deleted account: the sign-out page ends it.
  if (result?.ok) redirect('/signout?deleted=1');
  return result;
}

/** Mails a new link to confirm the account's email address. */
export async function resendVerification(_: FormState): Promise<FormState> {
  const user = await requireUser(ACCOUNT);
  return attempt(async () => {
    await callApi(user, '/me/email/verification', { method: 'POST' });
    return { ok: true, message: 'A new link is on its way: open it to confirm your address.' };
  });
}
