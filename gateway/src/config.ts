import { BaseEnv, readEnv } from '@sidecart/service-kit';
import { z } from 'zod';

export const SERVICES = ['customer', 'product', 'order', 'payment', 'recommendations'] as const;
export type ServiceId = (typeof SERVICES)[number];

const perWindow = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const GatewayEnv = BaseEnv.extend({
  APP_PORT: BaseEnv.shape.APP_PORT.default(8080),
  /**
   * The internal port, on 127.0.0.1 only: every service's health in detail (docs/architecture.md).
   * 0 turns it off; a second replica on one host finds it taken and runs without it.
   */
  INTERNAL_PORT: z.coerce.number().int().min(0).max(65535).default(8079),
  /** The only origin browsers may call the API from (CORS). */
  STOREFRONT_ORIGIN: z.url().default('http://localhost:3000'),
  /**
   * Which proxies' X-Forwarded-For to believe when telling clients apart (express's
   * `trust proxy`): by default the storefront's server on this host.
   */
  TRUST_PROXY: z.string().default('loopback'),
  RATE_LIMIT_WINDOW_SECONDS: perWindow(60),
  RATE_LIMIT_READ: perWindow(600),
  RATE_LIMIT_WRITE: perWindow(120),
  RATE_LIMIT_AUTH: perWindow(30),
  /**
   * Anonymous catalog reads (list, product, categories) are answered from memory for this
   * long: the most a price or stock figure seen through the gateway lags behind the service
   * (plus the 1 s browsers may keep it; docs/architecture.md). 0 turns the cache off.
   */
  CATALOG_CACHE_TTL_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
  /** The most answers the catalog cache holds (least recently used go first). */
  CATALOG_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(5000),
});

export const loadConfig = () => readEnv(GatewayEnv);
export type GatewayConfig = ReturnType<typeof loadConfig>;
