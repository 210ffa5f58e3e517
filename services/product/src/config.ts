import { z } from 'zod';
import { BaseEnv, readEnv } from '@sidecart/service-kit';

export const loadConfig = () =>
  readEnv(
    BaseEnv.extend({
      APP_PORT: BaseEnv.shape.APP_PORT.default(5002),
      /** How long held stock waits for its order to be confirmed before it goes back on the shelf. */
      RESERVATION_TTL_SECONDS: z.coerce.number().int().positive().default(900),
      /**
       * The catalog read model (store/catalog-view.ts): how often it reads the change log, how
       * often the whole catalog (a safety net, in the background), and how old it may be before
       * reads go to the database instead.
       */
      CATALOG_REFRESH_MS: z.coerce.number().int().positive().default(500),
      CATALOG_FULL_RELOAD_MS: z.coerce.number().int().positive().default(300_000),
      CATALOG_MAX_AGE_MS: z.coerce.number().int().positive().default(2_000),
      /** Load the demo catalog into an empty database at start. */
      SEED_CATALOG: z.enum(['true', 'false']).default('true'),
    }),
  );
