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
