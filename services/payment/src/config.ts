import { BaseEnv, readEnv } from '@sidecart/service-kit';

export const loadConfig = () => readEnv(BaseEnv.extend({ APP_PORT: BaseEnv.shape.APP_PORT.default(5004) }));
