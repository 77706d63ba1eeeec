import { expect } from 'chai';
import { formatProblem, InvalidScenarioError, sortProblems, type ScenarioProblem } from '../../framework/loading/problems.js';

const problem = (file: string, line: number, column: number, path: string, message: string): ScenarioProblem =>
  ({ code: 'invalid-value', file, line, column, path, message });

describe('problems', () => {
  it('formats as file:line:col: path: message, leaving out an empty path', () => {
    expect(formatProblem(problem('scenarios/p2.yaml', 14, 17, 'spec.steps[2].expect.restarts.within', 'expected a duration, got "soon"')))
      .to.equal('scenarios/p2.yaml:14:17: spec.steps[2].expect.restarts.within: expected a duration, got "soon"');
    expect(formatProblem(problem('a.yaml', 1, 1, '', 'scenario file is empty'))).to.equal('a.yaml:1:1: scenario file is empty');
  });

  it('sorts by file, line and column and drops repeats', () => {
    const sorted = sortProblems([
      problem('b.yaml', 1, 1, '', 'x'),
      problem('a.yaml', 10, 2, '', 'y'),
      problem('a.yaml', 2, 9, '', 'z'),
      problem('a.yaml', 2, 3, '', 'w'),
      problem('a.yaml', 2, 3, '', 'w'),
    ]);
    expect(sorted.map(formatProblem)).to.deep.equal(['a.yaml:2:3: w', 'a.yaml:2:9: z', 'a.yaml:10:2: y', 'b.yaml:1:1: x']);
  });

  it('lists every problem in the error message, one per line', () => {
    const error = new InvalidScenarioError([problem('a.yaml', 3, 1, 'spec', 'second'), problem('a.yaml', 1, 1, '', 'first')]);
    expect(error.name).to.equal('InvalidScenarioError');
    expect(error.message).to.equal('2 problems in a.yaml:\na.yaml:1:1: first\na.yaml:3:1: spec: second');
    expect(error.problems.map((p) => p.message)).to.deep.equal(['first', 'second']);
  });
});
