// With `--randomize`, jest shuffles the tests inside each file by its seed; this sequencer
// shuffles the order of the files by the same seed, so a run also proves that no file relies
// on another having run before it. `--seed=<n>` (printed by `--showSeed`) repeats an order.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest loads this file as CommonJS
const Sequencer = require('@jest/test-sequencer').default;

/** A small seeded generator (mulberry32): the same seed gives the same order. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class SeededSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.globalConfig = options.globalConfig;
  }

  sort(tests) {
    if (!this.globalConfig?.randomize) return super.sort(tests);
    const next = random(this.globalConfig.seed);
    const files = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    for (let i = files.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [files[i], files[j]] = [files[j], files[i]];
    }
    return files;
  }
}

module.exports = SeededSequencer;
