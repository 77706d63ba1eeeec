import { expect } from 'chai';
import { ManualClock, systemClock } from '../../framework/engine/clock.js';

describe('clocks', () => {
  it('systemClock never calls a timer back before its due time (Node may fire a millisecond early)', async () => {
    const lateness = await Promise.all(Array.from({ length: 30 }, (_, i) => new Promise<number>((resolve) => {
      const due = Date.now() + 3 + (i % 5);
      systemClock.setTimer(3 + (i % 5), () => resolve(Date.now() - due));
    })));
    expect(Math.min(...lateness)).to.be.at.least(0);
  });

  it('systemClock timers can be cancelled', async () => {
    let fired = false;
    const cancel = systemClock.setTimer(1, () => { fired = true; });
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fired).to.equal(false);
  });

  it('ManualClock fires due timers in order during advance, at their due time', () => {
    const clock = new ManualClock(1000);
    const fired: Array<[string, number]> = [];
    clock.setTimer(20, () => fired.push(['b', clock.now()]));
    clock.setTimer(10, () => fired.push(['a', clock.now()]));
    const cancel = clock.setTimer(15, () => fired.push(['cancelled', clock.now()]));
    cancel();
    clock.advance(25);
    expect(fired).to.deep.equal([['a', 1010], ['b', 1020]]);
    expect(clock.now()).to.equal(1025);
    expect(clock.pendingTimers).to.equal(0);
  });
});
