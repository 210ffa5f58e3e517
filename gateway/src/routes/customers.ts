import { Router } from 'express';
import { RegisterCustomer } from '@sidecart/contracts';
import { parseBody, type Dapr } from '@sidecart/service-kit';
import { forward } from './forward';

export function customerRoutes(dapr: Dapr): Router {
  const router = Router();
  // Sign-up is anonymous. The body is validated here as well, so junk never crosses a hop.
  router.post('/', async (req, res) => {
    const body = parseBody(RegisterCustomer, req);
    await forward(dapr, 'customer', 'customers', req, res, body);
  });
  return router;
}
