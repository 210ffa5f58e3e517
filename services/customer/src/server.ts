import {
  connectMongo,
  createLogger,
  Dapr,
  listen,
  MongoOutbox,
  refusePublished,
  retry,
  secretReader,
  startRelay,
  type Logger,
} from '@sidecart/service-kit';
import { createCustomerApp } from './app';
import { emailBinding } from './clients/email';
import { hashPassword, passwordMatches } from './domain/credentials';
import { announced } from './domain/customer';
import { loadConfig } from './config';
import { CustomerStore } from './store/customers';
import { AccountLinks } from './store/account-links';
import { OrderMails } from './store/mails';
import { OrderHistory } from './store/order-history';

async function main() {
  const config = loadConfig();
  const logger = createLogger('customer');
  const dapr = new Dapr({ httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });

  // The database address is a secret: it comes from the Dapr secret store, not the code.
  const mongoUrl = await secretReader(dapr, logger)('CUSTOMER_MONGO_URL');
  const connection = await retry('MongoDB', () => connectMongo(mongoUrl), logger);
  const outbox = new MongoOutbox(connection);
  await outbox.init();
  const store = new CustomerStore(connection, outbox);
  await store.init();
  const history = new OrderHistory(connection);
  await history.init();
  const mails = new OrderMails(connection);
  await mails.init();
  const links = new AccountLinks(connection);
  await links.init();
  await syncOperator(store, dapr, logger);

  // Woken after each registration and erasure; the 2 s poll is only a safety net.
  // customer.registered goes out once the account it announces exists, customer.deleted once it is gone.
  const announces = async (event: { topic: string; subjectId: string }) =>
    announced(event.topic, (await store.findById(event.subjectId)) !== null);
  const stopRelay = startRelay(outbox.store(announces), dapr, logger);
  outbox.wakeRelay = stopRelay.wake;
  listen(
    createCustomerApp({
      store,
      history,
      mails,
      links,
      linkSettings: {
        storefrontUrl: config.STOREFRONT_URL,
        lifetimeSeconds: {
          'password-reset': config.PASSWORD_RESET_TTL_SECONDS,
          'email-verification': config.EMAIL_VERIFICATION_TTL_SECONDS,
        },
      },
      send: emailBinding(dapr),
      connection,
      dapr,
      logger,
      appApiToken: config.APP_API_TOKEN,
    }),
    config.APP_PORT,
    logger,
    [stopRelay, () => connection.close()],
  );
}

/**
 * The shop's operator signs in as admin with ADMIN_EMAIL / ADMIN_PASSWORD from the secret
 * store; the account follows those secrets at every start (`CustomerStore.syncOperator`).
 * Without them the shop runs with no admin, and says so. A published default password
 * stops the start (`secretReader`).
 */
async function syncOperator(store: CustomerStore, dapr: Dapr, logger: Logger) {
  let email: string, password: string;
  try {
    [email, password] = await Promise.all([dapr.secret('ADMIN_EMAIL'), dapr.secret('ADMIN_PASSWORD')]);
  } catch (err) {
    logger.warn({ err }, 'no ADMIN_EMAIL / ADMIN_PASSWORD in the secret store: no admin account');
    return;
  }
  refusePublished('ADMIN_PASSWORD', password);
  const result = await store.syncOperator({
    email: email.trim().toLowerCase(),
    password,
    name: 'Shop admin',
    hash: hashPassword,
    matches: passwordMatches,
  });
  if (result.outcome === 'email-taken') {
    logger.error(
      { email },
      'ADMIN_EMAIL belongs to a shopper account, which is never promoted: set another ADMIN_EMAIL in the secret store; the shop has no admin until then',
    );
    return;
  }
  logger.info({ customerId: result.customer.id, outcome: result.outcome }, 'admin account ready');
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error(err);
  process.exit(1);
});
