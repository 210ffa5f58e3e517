'use client';
import { useActionState } from 'react';
import { PICTURE_MAX_BYTES, PictureType } from '@sidecart/contracts';
import { FormMessage, SubmitButton } from '@/components/forms';
import { uploadPicture } from './actions';

/** One product's new main picture (JPEG, PNG or WebP, up to 2 MB); the labels name the product. */
export function PictureForm({ productId, productName }: { productId: string; productName: string }) {
  const [state, action] = useActionState(uploadPicture, null);
  const inputId = `picture-${productId}`;
  const error = state && !state.ok ? (state.fields?.data ?? state.fields?.contentType) : undefined;
  return (
    <form action={action}>
      <input type="hidden" name="productId" value={productId} />
      <div className="row">
        <label htmlFor={inputId} className="visually-hidden">
          New picture for {productName} (JPEG, PNG or WebP, at most {PICTURE_MAX_BYTES / (1024 * 1024)} MB)
        </label>
        <input
          id={inputId}
          name="picture"
          type="file"
          required
          accept={PictureType.options.join(',')}
          aria-invalid={error ? true : undefined}
          className="file-input"
        />
        <SubmitButton className="secondary" pendingText="Uploading…">
          Upload<span className="visually-hidden"> picture of {productName}</span>
        </SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
