import type { SelectHTMLAttributes } from 'react';
import type { FormState } from '@/lib/form-state';

type SelectFieldProps = SelectHTMLAttributes<HTMLSelectElement> & {
  name: string;
  label: string;
  /** [value, text] pairs. */
  options: readonly (readonly [string, string])[];
  /** Text of an empty first option, for a choice that has no default. */
  placeholder?: string;
  state?: FormState;
  /** The API's path for this field when it differs from the select's name. */
  errorPath?: string;
};

/** A labelled select whose error, if the API named this field, is tied to it (as `Field` does for inputs). */
export function SelectField({
  name,
  label,
  options,
  placeholder,
  state,
  errorPath,
  id,
  ...select
}: SelectFieldProps) {
  const selectId = id ?? `field-${name}`;
  const error = state && !state.ok ? state.fields?.[errorPath ?? name] : undefined;
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select
        // React applies a select's defaultValue only when it mounts; a new key lets a changed
        // default (such as a rejected form's typed choice) survive the form's reset.
        key={String(select.defaultValue ?? '')}
        id={selectId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${selectId}-error` : undefined}
        {...select}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {error && (
        <span id={`${selectId}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}
