import { expect } from 'chai';
import { figureTable, ratioOf, verdictOf, type Figure } from '../../bench/support/figure.js';
import { quantile } from '../../bench/support/stats.js';
import { growth } from '../../bench/support/verb-table.js';

describe('bench figures', () => {
  it('quantile takes the nearest rank: p99 of 200 samples is the 198th smallest, p50 of 4 the 2nd', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(quantile(samples, 0.99)).to.equal(198);
    expect(quantile([4, 1, 3, 2], 0.5)).to.equal(2);
    expect(quantile([], 0.5)).to.be.NaN;
  });

  it('a figure is met at or under its target; the ratio is measured over target', () => {
    const p99: Figure = { name: 'p99', value: 30, unit: 'ms', target: 20 };
    expect(ratioOf(p99)).to.equal(1.5);
    expect(verdictOf(p99)).to.equal('MISSED');
    expect(verdictOf({ ...p99, value: 20 })).to.equal('met');
    expect(ratioOf({ name: 'polls', value: 0, unit: 'requests', target: 0 })).to.equal(0);
    expect(ratioOf({ name: 'polls', value: 3, unit: 'requests', target: 0 })).to.equal(undefined);
  });

  it('a figure that could not be measured says why in the table, with no ratio and no verdict', () => {
    const text = figureTable([{ name: 'suite wall time', value: { notMeasured: 'no cluster reachable' }, unit: 's', target: 60 }]);
    const row = text.split('\n')[2]!;
    expect(row).to.contain('not measured: no cluster reachable');
    expect(row).not.to.match(/met|MISSED/);
  });

  it('requests that grow with duration: what any verb sent beyond the short run, a verb that fell offsets nothing', () => {
    expect(growth({ watch: 8, list: 8, discovery: 3 }, { watch: 8, list: 8, discovery: 1 })).to.equal(0);
    expect(growth({ watch: 8, get: 1, discovery: 3 }, { watch: 10, get: 1, discovery: 1 })).to.equal(2);
  });
});
