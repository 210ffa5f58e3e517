import type { Connection } from 'mongoose';
import { productModel } from './products';
import { openReservationModel, outcomeModel, reservationModel, revisionModel } from './reservations';
import { ledgerKeyModel, ledgerModel } from './stock-ledger';

/** Every collection of the product service's own, with its indexes in place. */
export async function catalogModels(connection: Connection) {
  const products = productModel(connection);
  const entries = ledgerModel(connection);
  const keys = ledgerKeyModel(connection);
  const reservations = {
    reservations: reservationModel(connection),
    outcomes: outcomeModel(connection),
    open: openReservationModel(connection),
    revisions: revisionModel(connection),
  };
  for (const model of [products, entries, keys, ...Object.values(reservations)]) await model.syncIndexes();
  return { products, entries, keys, reservations };
}
