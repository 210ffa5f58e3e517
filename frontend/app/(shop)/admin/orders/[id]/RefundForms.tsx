'use client';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/forms';
import type { FormState } from '@/lib/form-state';
import { cancelPaidOrder, recordReturn, refundAmount, refundLines } from './actions';

type Line = { productId: string; name: string; sku: string; quantity: number; total: string };
type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** The hidden fields every form of the page sends: the order, and this rendering's idempotency key. */
function Hidden({ orderId, idempotencyKey }: { orderId: string; idempotencyKey: string }) {
  return (
    <>
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="key" value={idempotencyKey} />
    </>
  );
}

function Reason({ id, placeholder }: { id: string; placeholder: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>Reason (shown in the order&apos;s timeline)</label>
      <input id={id} name="reason" maxLength={200} placeholder={placeholder} />
    </div>
  );
}

/** Whole lines chosen by checkbox: a refund of lines, or a return of lines that came back. */
export function LinesForm({
  kind,
  orderId,
  idempotencyKey,
  lines,
}: {
  kind: 'refund' | 'return';
  orderId: string;
  idempotencyKey: string;
  lines: Line[];
}) {
  const [state, action] = useActionState<FormState, FormData>(
    (kind === 'refund' ? refundLines : recordReturn) as Action,
    null,
  );
  const legend = kind === 'refund' ? 'Refund lines' : 'Record a return';
  return (
    <form action={action} className="panel stack" data-testid={`${kind}-lines-form`}>
      <Hidden orderId={orderId} idempotencyKey={idempotencyKey} />
      <fieldset>
        <legend>{legend}</legend>
        {kind === 'return' && (
          <p className="muted">The units go back on the shelf and the lines are refunded.</p>
        )}
        {lines.map((line) => {
          const id = `${kind}-${line.productId}`;
          return (
            <div className="checkbox" key={line.productId}>
              <input type="checkbox" id={id} name="productId" value={line.productId} />
              <label htmlFor={id}>
                {line.name} ({line.sku}) ×{line.quantity}: {line.total}
              </label>
            </div>
          );
        })}
      </fieldset>
      <Reason
        id={`${kind}-reason`}
        placeholder={kind === 'refund' ? 'refunded by the shop' : 'returned to the shop'}
      />
      <FormMessage state={state} />
      <SubmitButton pendingText="Refunding…">
        {kind === 'refund' ? 'Refund the chosen lines' : 'Record the return and refund'}
      </SubmitButton>
    </form>
  );
}

/** An amount of the order's money paid back (up to what is left to refund). */
export function AmountForm({
  orderId,
  idempotencyKey,
  currency,
  left,
}: {
  orderId: string;
  idempotencyKey: string;
  currency: string;
  left: string;
}) {
  const [state, action] = useActionState(refundAmount, null);
  const error = state && !state.ok ? state.fields?.['amount.amount'] : undefined;
  return (
    <form action={action} className="panel stack" data-testid="refund-amount-form">
      <Hidden orderId={orderId} idempotencyKey={idempotencyKey} />
      <input type="hidden" name="currency" value={currency} />
      <fieldset>
        <legend>Refund an amount</legend>
        <div className="field">
          <label htmlFor="refund-amount">Amount in {currency}</label>
          <span id="refund-amount-hint" className="hint">
            At most {left}
          </span>
          <input
            id="refund-amount"
            name="amount"
            inputMode="decimal"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'refund-amount-hint refund-amount-error' : 'refund-amount-hint'}
          />
          {error && (
            <span id="refund-amount-error" className="error">
              {error}
            </span>
          )}
        </div>
      </fieldset>
      <Reason id="amount-reason" placeholder="refunded by the shop" />
      <FormMessage state={state} />
      <SubmitButton pendingText="Refunding…">Refund the amount</SubmitButton>
    </form>
  );
}

/** A paid order called off before it ships: stock released, the payment refunded (what is left of it). */
export function CancelForm({ orderId, idempotencyKey }: { orderId: string; idempotencyKey: string }) {
  const [state, action] = useActionState(cancelPaidOrder, null);
  return (
    <form action={action} className="panel stack" data-testid="cancel-form">
      <Hidden orderId={orderId} idempotencyKey={idempotencyKey} />
      <Reason id="cancel-reason" placeholder="cancelled by the shop" />
      <FormMessage state={state} />
      <SubmitButton className="danger" pendingText="Cancelling…">
        Cancel the order and refund it
      </SubmitButton>
    </form>
  );
}
