import { Router } from 'express';
import type { CatalogQueries } from '../store/catalog';
import { readOptions } from './products';

export function categoryRoutes(catalog: CatalogQueries): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json({ items: await catalog.categories(readOptions(req)) });
  });
  return router;
}
