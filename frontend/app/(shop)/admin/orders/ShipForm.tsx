'use client';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/forms';
import { typedValue } from '@/lib/typed-values';
import { shipOrder } from './actions';

/** Ships one order; the labels name the order, as every confirmed row has the same form. */
export function ShipForm({
  orderId,
  orderName,
  returnTo,
}: {
  orderId: string;
  orderName: string;
  returnTo: string;
}) {
  const [state, action] = useActionState(shipOrder, null);
  const trackingId = `tracking-${orderId}`;
  const carrierId = `carrier-${orderId}`;
  const error = (name: string) => (state && !state.ok ? state.fields?.[name] : undefined);
  return (
    <form action={action}>
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <div className="row">
        <label htmlFor={trackingId} className="visually-hidden">
          Tracking number for order {orderName}
        </label>
        <input
          id={trackingId}
          name="trackingNumber"
          placeholder="Tracking number"
          required
          minLength={3}
          maxLength={64}
          size={14}
          aria-invalid={error('trackingNumber') ? true : undefined}
          defaultValue={typedValue(state, 'trackingNumber')}
        />
        <label htmlFor={carrierId} className="visually-hidden">
          Carrier for order {orderName} (optional)
        </label>
        <input
          id={carrierId}
          name="carrier"
          placeholder="Carrier (optional)"
          maxLength={64}
          size={12}
          aria-invalid={error('carrier') ? true : undefined}
          defaultValue={typedValue(state, 'carrier')}
        />
        <SubmitButton pendingText="Shipping…">
          Ship<span className="visually-hidden"> order {orderName}</span>
        </SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
