import { BaseEnv, readEnv } from '@sidecart/service-kit';

export const SERVICES = ['customer', 'product', 'order', 'payment'] as const;
export type ServiceId = (typeof SERVICES)[number];

export const loadConfig = () => readEnv(BaseEnv.extend({ APP_PORT: BaseEnv.shape.APP_PORT.default(8080) }));
export type GatewayConfig = ReturnType<typeof loadConfig>;
