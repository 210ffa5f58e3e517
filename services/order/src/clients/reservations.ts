import { ReservationRevision, type ReviseReservation } from '@sidecart/contracts';
import { HttpProblem, type Dapr } from '@sidecart/service-kit';

/** The product service's reservations, reached through Dapr: a changed order's new revision. */
export class Reservations {
  constructor(private readonly dapr: Dapr) {}

  /**
   * Asks for the revision (decided once per order and revision, so a repeat is safe). A
   * reservation that is no longer held (409) is answered like a rejection.
   */
  async revise(
    input: ReviseReservation,
  ): Promise<ReservationRevision | { status: 'NOT_HELD'; detail: string }> {
    try {
      return await this.dapr.call('product', 'reservations/revisions', ReservationRevision, {
        method: 'POST',
        idempotent: true,
        body: input,
      });
    } catch (err) {
      if (err instanceof HttpProblem && err.status === 409)
        return { status: 'NOT_HELD', detail: err.detail ?? err.title };
      throw err;
    }
  }
}
