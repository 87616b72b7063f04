import fc from 'fast-check';

// fast-check prints `{ seed: …, path: "…" }` with every failure. Replay that one failure without
// editing the test: FC_SEED=-947314842 FC_PATH=7:26:93 npx jest -c <project>/jest.config.cjs <spec> -t '<test name>'
// Every property draws its randomness from fast-check alone, so the seed is the whole story.
const seed = process.env['FC_SEED'];
if (seed !== undefined && seed !== '') {
  const path = process.env['FC_PATH'];
  fc.configureGlobal({ seed: Number(seed), ...(path ? { path, endOnFailure: true } : {}) });
}
