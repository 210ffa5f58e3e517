import { Router } from 'express';
import { RegisterCustomer } from '@sidecart/contracts';
import { conflict, notFound, parseBody } from '@sidecart/service-kit';
import { hashPassword } from '../domain/credentials';
import { toProfile } from '../domain/customer';
import { DuplicateEmail, type CustomerStore } from '../store/customers';

export function customerRoutes(store: CustomerStore): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const input = parseBody(RegisterCustomer, req);
    try {
      const customer = await store.register({
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
      });
      res.status(201).location(`/customers/${customer.id}`).json(toProfile(customer));
    } catch (err) {
      if (err instanceof DuplicateEmail) throw conflict('An account with this email already exists');
      throw err;
    }
  });

  router.get('/:id', async (req, res) => {
    const customer = await store.findById(req.params.id);
    if (!customer) throw notFound('Customer');
    res.json(toProfile(customer));
  });

  return router;
}
