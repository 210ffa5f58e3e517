'use client';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import type { FormState } from '@/lib/form-state';

/** A submit button that says it is working and cannot be pressed twice. */
export function SubmitButton({
  children,
  pendingText = 'Working…',
  className,
}: {
  children: ReactNode;
  pendingText?: string;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} className={className}>
      {pending ? pendingText : children}
    </button>
  );
}

/** The message of a failed form, announced to screen readers. */
export function FormMessage({ state }: { state: FormState }) {
  if (!state) return null;
  if (state.ok)
    return state.message ? (
      <p className="notice ok" role="status">
        {state.message}
      </p>
    ) : null;
  return (
    <p className="form-error" role="alert">
      {state.message}
    </p>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  hint?: string;
  state?: FormState;
  /** The API's path for this field when it differs from the input's name. */
  errorPath?: string;
};

/** A labelled input whose error, if the API named this field, is tied to it for screen readers. */
export function Field({ name, label, hint, state, errorPath, id, ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const error = state && !state.ok ? state.fields?.[errorPath ?? name] : undefined;
  const describedBy = [hint && `${inputId}-hint`, error && `${inputId}-error`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      {hint && (
        <span id={`${inputId}-hint`} className="hint">
          {hint}
        </span>
      )}
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {error && (
        <span id={`${inputId}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A field for a new password, with the rules the shop holds passwords to (contracts' `Password`). */
export function NewPasswordField(
  props: Omit<FieldProps, 'type' | 'autoComplete' | 'hint' | 'required' | 'minLength' | 'maxLength'>,
) {
  return (
    <Field
      type="password"
      autoComplete="new-password"
      hint="At least 10 characters, with a letter and a digit."
      required
      minLength={10}
      maxLength={128}
      {...props}
    />
  );
}
