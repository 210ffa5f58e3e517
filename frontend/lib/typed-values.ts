import type { FormState } from '@/lib/form-state';

/**
 * A form's state that also carries what was typed. React resets a form after its action has run;
 * rendering the typed values back as defaults keeps a rejected submission from wiping the input.
 */
export type TypedState = (NonNullable<FormState> & { values?: Record<string, string> }) | null;

/** `state`, plus the named fields as typed when it failed. Never pass password fields. */
export function keepTyped(state: FormState, form: FormData, names: string[]): TypedState {
  if (!state || state.ok) return state;
  return { ...state, values: Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? '')])) };
}

/** The value to show in a field: what was typed into a rejected form, else `fallback`. */
export function typedValue(state: TypedState, name: string, fallback = ''): string {
  return state && !state.ok && state.values ? (state.values[name] ?? fallback) : fallback;
}

/** Whether a checkbox shows ticked: as submitted in a rejected form, else `fallback`. */
export function typedChecked(state: TypedState, name: string, fallback: boolean): boolean {
  return state && !state.ok && state.values ? state.values[name] === 'on' : fallback;
}
