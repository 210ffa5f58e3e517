import { createPayPalDouble, DEFAULT_CREDENTIALS, DEFAULT_WEBHOOK_ID } from './app';

/**
 * Runs the double on PAYPAL_DOUBLE_PORT (default 8090). The accepted credentials and
 * webhook id default to the values in secrets.example.json.
 */
const port = Number(process.env.PAYPAL_DOUBLE_PORT ?? 8090);
const host = process.env.PAYPAL_DOUBLE_HOST ?? '127.0.0.1';
const app = createPayPalDouble({
  credentials: {
    clientId: process.env.PAYPAL_DOUBLE_CLIENT_ID ?? DEFAULT_CREDENTIALS.clientId,
    clientSecret: process.env.PAYPAL_DOUBLE_CLIENT_SECRET ?? DEFAULT_CREDENTIALS.clientSecret,
  },
  webhookId: process.env.PAYPAL_DOUBLE_WEBHOOK_ID ?? DEFAULT_WEBHOOK_ID,
});
const server = app.listen(port, host, () => {
  process.stdout.write(
    `PayPal double listening on http://${host}:${port} (approval page: /checkoutnow?token=<order id>)\n`,
  );
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
