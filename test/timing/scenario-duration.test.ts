import { expect } from 'chai';
import { loadScenario } from '../../framework/loading/load-scenario.js';
import { longestFirst, scenarioDuration } from '../../framework/timing/scenario-duration.js';
import { P1_PROBE } from './pods.js';
import { removeScenarioFiles, RENAME, scenarioFile, WAIT, webManifests } from './scenario-files.js';

describe('how long a scenario\'s steps take, from the timing calculator', () => {
  after(removeScenarioFiles);

  const load = async (steps: string): Promise<Awaited<ReturnType<typeof loadScenario>>> => loadScenario(await scenarioFile(steps, webManifests({ livenessProbe: P1_PROBE })));

  it('sums, step by step, the longest expectation: a never window whole, a timed restart at its earliest or typical time', async () => {
    const scenario = await load(`${WAIT}${RENAME}
    - expect:
        restarts: { target: { selector: app=web, container: web }, atLeast: 1, within: 45s }
        ready: { target: app=web, never: 5s }
    - expect:
        restarts: { target: app=web, exactly: 1, for: 20s }`);
    // P1: the restart comes ~9s (6–15s) after the rename.
    expect(scenarioDuration(scenario, 'earliest')).to.deep.include({ ms: 6_000 + 20_000, untimed: 1 });
    expect(scenarioDuration(scenario, 'typical').ms).to.equal(9_000 + 20_000);
    expect([...scenarioDuration(scenario, 'typical').steps]).to.deep.equal([[1, 0], [3, 9_000], [4, 20_000]]);
  });

  it('counts an untimed within window as its `after` only', async () => {
    const scenario = await load(`
    - expect:
        ready: { target: app=web, within: 1m, after: 2s }`);
    expect(scenarioDuration(scenario, 'typical')).to.deep.include({ ms: 2_000, untimed: 1 });
  });

  it('orders scenarios longest first, ties in their given order', async () => {
    const short = await load(WAIT);
    const long = await load(`
    - expect:
        restarts: { target: app=web, exactly: 0, for: 30s }`);
    const alsoShort = await load(WAIT);
    expect(longestFirst([short, long, alsoShort])).to.deep.equal([long, short, alsoShort]);
  });
});
