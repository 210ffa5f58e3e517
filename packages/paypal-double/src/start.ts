import type { AddressInfo } from 'node:net';
import { createPayPalDouble, type PayPalDoubleOptions } from './app';
import type { DoubleState } from './state';

export type RunningDouble = { url: string; state: DoubleState; close(): Promise<void> };

/** Starts the double in this process (port 0 = any free port); tests use it this way. */
export function startPayPalDouble(options: PayPalDoubleOptions = {}, port = 0): Promise<RunningDouble> {
  const app = createPayPalDouble(options);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        state: app.state,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
