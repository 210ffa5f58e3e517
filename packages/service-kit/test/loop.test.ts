import { createLogger, startLoop } from '../src';

const logger = createLogger('loop');
logger.level = 'silent';

describe('startLoop', () => {
  it('drains again at once while there is work and backs off after errors', async () => {
    const calls: string[] = [];
    let n = 0;
    const stop = startLoop(
      'test',
      async () => {
        n++;
        if (n === 3) {
          calls.push('error');
          throw new Error('transient');
        }
        calls.push('work');
        return n < 5 ? 1 : 0;
      },
      logger,
      { idleMs: 5 },
    );
    await new Promise((r) => setTimeout(r, 200));
    await stop();
    expect(calls.slice(0, 5)).toEqual(['work', 'work', 'error', 'work', 'work']);
  });
});

describe('startLoop wake', () => {
  it('runs a pass at once when woken, and does not lose a wake that arrives during a pass', async () => {
    let passes = 0;
    let release: (() => void) | undefined;
    const loop = startLoop(
      'wake',
      async () => {
        passes++;
        if (passes === 2) await new Promise<void>((r) => (release = r));
        return 0;
      },
      logger,
      { idleMs: 60_000 },
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(passes).toBe(1); // idle: asleep for a minute
    loop.wake();
    await new Promise((r) => setTimeout(r, 20));
    expect(passes).toBe(2); // woken at once; this pass is now blocked
    loop.wake(); // arrives during the pass
    release!();
    await new Promise((r) => setTimeout(r, 20));
    expect(passes).toBe(3); // the wake was kept: another pass instead of a minute's sleep
    await loop();
  });
});
