import { createLogger, Dapr, listen } from '@sidecart/service-kit';
import { createGatewayApp } from './app';
import { loadConfig } from './config';

const config = loadConfig();
const logger = createLogger('gateway');
const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

listen(createGatewayApp({ dapr, logger }), config.APP_PORT, logger);
