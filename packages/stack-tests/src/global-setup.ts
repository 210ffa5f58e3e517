import path from 'node:path';
import { ARTIFACTS, portOpen, startStack } from './stack';

export default async function globalSetup(): Promise<void> {
  if (await portOpen(8080)) {
    if (process.env.SIDECART_REUSE_STACK === '1') return;
    throw new Error(
      'Something already listens on :8080 (a running Sidecart?). Stop it, or set SIDECART_REUSE_STACK=1 to test it.',
    );
  }
  const pid = await startStack(path.join(ARTIFACTS, 'stack.log'));
  (globalThis as { __SIDECART_STACK_PID__?: number }).__SIDECART_STACK_PID__ = pid;
}
