import { stopRestartedApps } from './apps';
import { stopStack } from './stack';

export default async function globalTeardown(): Promise<void> {
  stopRestartedApps();
  const pid = (globalThis as { __SIDECART_STACK_PID__?: number }).__SIDECART_STACK_PID__;
  if (pid) await stopStack(pid);
}
