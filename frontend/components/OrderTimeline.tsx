import type { OrderView } from '@sidecart/contracts';
import { statusLabel } from '@/components/StatusBadge';
import { formatDateTime } from '@/lib/dates';

/** An order's timeline: each status with its time, and each note (a change, a refund) under it. */
export function OrderTimeline({
  history,
  locale,
  heading,
}: {
  history: OrderView['history'];
  locale: string;
  heading: string;
}) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{heading}</h2>
      <ol className="timeline" data-testid="order-timeline">
        {history.map((step, i) => (
          <li key={i}>
            <strong>{statusLabel(step.status)}</strong>{' '}
            <span className="muted">{formatDateTime(step.at, locale)}</span>
            {step.reason && <div className="muted">{step.reason}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}
