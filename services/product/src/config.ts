import { z } from 'zod';
import { BaseEnv, readEnv } from '@sidecart/service-kit';

export const loadConfig = () =>
  readEnv(
    BaseEnv.extend({
      APP_PORT: BaseEnv.shape.APP_PORT.default(5002),
      /** How long held stock waits for its order to be confirmed before it goes back on the shelf. */
      RESERVATION_TTL_SECONDS: z.coerce.number().int().positive().default(900),
      /** Load the demo catalog into an empty database at start. */
      SEED_CATALOG: z.enum(['true', 'false']).default('true'),
    }),
  );
