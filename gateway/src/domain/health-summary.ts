import type { SystemHealth } from '@sidecart/contracts';

/**
 * The system's health as lines of text for an operator (`npm start` prints them): one line per
 * service with its checks, each failed check with what it said, and a last line that says
 * plainly whether everything works, naming failed subscriptions, which leave a service running
 * but deaf to some events.
 */
export function healthSummary(report: SystemHealth): string[] {
  const services = Object.entries(report.services ?? {});
  const width = Math.max(0, ...services.map(([name]) => name.length));
  const lines = services.map(([name, s]) => {
    const checks = Object.entries(s.checks ?? {});
    const failed = checks.filter(([, c]) => c.status !== 'ok');
    const detail =
      failed.length > 0
        ? failed.map(([check, c]) => `${check} ${c.status}: ${c.detail ?? 'no detail'}`).join('; ')
        : checks.length > 0
          ? checks.map(([check]) => check).join(', ') + ' ok'
          : (s.detail ?? '');
    return `${name.padEnd(width)}  ${s.status.padEnd(8)}  ${detail}  (${s.latencyMs} ms)`.trimEnd();
  });
  const unsubscribed = services.filter(
    ([, s]) => s.checks?.subscriptions && s.checks.subscriptions.status !== 'ok',
  );
  const notOk = services.filter(([, s]) => s.status !== 'ok');
  if (notOk.length === 0 && report.status === 'ok') {
    lines.push(`all ${services.length} services ok, every subscription taken up by its sidecar`);
  } else {
    if (unsubscribed.length > 0) {
      lines.push(
        `SUBSCRIPTIONS FAILED in ${unsubscribed.map(([n]) => n).join(', ')}: those services miss events until their sidecar restarts`,
      );
    }
    lines.push(`NOT HEALTHY: ${notOk.map(([n, s]) => `${n} ${s.status}`).join(', ') || report.status}`);
  }
  return lines;
}
