import { expect } from 'chai';
import { formatProblem } from '../../framework/loading/problems.js';
import { buildScenarioSchema } from '../../framework/loading/scenario-schema.js';
import { SchemaValidator } from '../../framework/loading/schema-validation.js';
import { parseYamlDocuments } from '../../framework/loading/source-map.js';
import { fakePlugins } from './fake-plugins.js';

const validator = new SchemaValidator(buildScenarioSchema(fakePlugins));

/** A scenario whose steps start on line 7. */
function scenario(...steps: string[]): string {
  return ['apiVersion: faultline.dev/v1alpha1', 'kind: Scenario', 'metadata:', '  name: fake', 'spec:', '  steps:', ...steps, ''].join('\n');
}

function problems(text: string): string[] {
  const parsed = parseYamlDocuments(text, 'inline.yaml');
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return validator.validate(parsed.documents[0]!).map((f) => formatProblem(f.problem)).sort();
}

describe('SchemaValidator', () => {
  it('accepts a valid scenario, both expectation forms', () => {
    expect(problems(scenario(
      '    - fault: { kill: { target: web, signal: KILL } }',
      '      timeout: 1m30s',
      '    - expect: { up: { target: { selector: a }, count: 2, within: 30s, after: 1s } }',
      '    - waitFor: [{ seen: { reason: Started } }, { seen: { message: x }, }]',
    ))).to.deep.equal([]);
  });

  it('points an unknown field at its key, lists the allowed fields and suggests the typo\'s fix', () => {
    expect(problems(scenario('    - expect:', '        up: { target: web, withn: 30s }'))).to.deep.equal([
      'inline.yaml:8:28: spec.steps[0].expect.up.withn: unknown field "withn"; expected one of: target, count, within, for, never, after; did you mean "within"?',
    ]);
  });

  it('names unknown fault and expectation kinds as such', () => {
    expect(problems(scenario('    - fault: { kil: { target: web } }', '    - expect: { upp: { target: web } }'))).to.deep.equal([
      'inline.yaml:7:16: spec.steps[0].fault.kil: unknown fault "kil"; expected one of: kill, pause; did you mean "kill"?',
      'inline.yaml:8:17: spec.steps[1].expect.upp: unknown expectation "upp"; expected one of: up, seen; did you mean "up"?',
    ]);
  });

  it('says which type was expected and what was found', () => {
    expect(problems(scenario('    - expect: { up: { target: web, count: three } }', '    - expect: 3'))).to.deep.equal([
      'inline.yaml:7:43: spec.steps[0].expect.up.count: expected a number, got "three"',
      'inline.yaml:8:15: spec.steps[1].expect: expected a mapping or a list, got 3',
    ]);
  });

  it('explains durations, including zero', () => {
    expect(problems(scenario('    - expect: { up: { target: web, within: soon } }', '      timeout: 0ms'))).to.deep.equal([
      'inline.yaml:7:44: spec.steps[0].expect.up.within: expected a duration like "500ms", "30s", "2m" or "1m30s", got "soon"',
      'inline.yaml:8:16: spec.steps[0].timeout: expected a duration greater than zero, got "0ms"',
    ]);
  });

  it('says a step needs exactly one action, once, instead of one message per alternative', () => {
    expect(problems(scenario(
      '    - name: lonely',
      '    - { fault: { kill: { target: web } }, waitFor: { up: { target: web } } }',
    ))).to.deep.equal([
      'inline.yaml:7:7: spec.steps[0]: expected exactly one of fault, expect, waitFor',
      'inline.yaml:8:7: spec.steps[1]: expected exactly one of fault, expect, waitFor; got fault and waitFor',
    ]);
  });

  it('leaves a missing field to the unknown field that misspells it', () => {
    expect(problems(scenario('    - fualt: { kill: { target: web } }'))).to.deep.equal([
      'inline.yaml:7:7: spec.steps[0].fualt: unknown field "fualt"; expected one of: name, timeout, fault, expect, waitFor; did you mean "fault"?',
    ]);
  });

  it('reports the mistake inside the alternative that was meant (a target object), not the other alternatives', () => {
    expect(problems(scenario(
      '    - expect: { up: { target: { selectr: a } } }',
      '    - expect: { up: { target: 5 } }',
    ))).to.deep.equal([
      'inline.yaml:7:33: spec.steps[0].expect.up.target.selectr: unknown field "selectr"; expected one of: selector; did you mean "selector"?',
      'inline.yaml:8:31: spec.steps[1].expect.up.target: expected a string or a mapping, got 5',
    ]);
  });

  it('merges missing fields at one place and explains "at least one of"', () => {
    expect(problems('apiVersion: faultline.dev/v1alpha1\nkind: Scenario\n')).to.deep.equal([
      'inline.yaml:1:1: missing required fields "metadata", "spec"',
    ]);
    expect(problems(scenario('    - fault: { kill: { signal: TERM } }', '    - expect: { seen: { within: 5s } }'))).to.deep.equal([
      'inline.yaml:7:22: spec.steps[0].fault.kill: missing required field "target"',
      'inline.yaml:8:23: spec.steps[1].expect.seen: expected at least one of reason, message',
    ]);
  });

  it('lists allowed values, suggesting the one a typo meant', () => {
    expect(problems(scenario('    - fault: { kill: { target: web, signal: term } }'))).to.deep.equal([
      'inline.yaml:7:45: spec.steps[0].fault.kill.signal: expected one of: TERM, KILL; got "term"; did you mean "TERM"?',
    ]);
  });

  it('explains window conflicts at the field written last', () => {
    expect(problems(scenario(
      '    - expect: { up: { target: web, never: 1m, within: 2m } }',
      '    - expect: { up: { target: web, after: 1s, for: 2m } }',
    ))).to.deep.equal([
      'inline.yaml:7:47: spec.steps[0].expect.up.within: expected at most one of within, for, never; got within and never',
      'inline.yaml:8:36: spec.steps[1].expect.up.after: "after" works only with "within" (true between after and within), not with "for"; remove "after" or use "within"',
    ]);
  });

  it('says how many faults and list-form expectations a step may hold', () => {
    expect(problems(scenario(
      '    - fault: { kill: { target: a }, pause: { target: b } }',
      '    - fault: {}',
      '    - expect: [{ up: { target: a }, seen: { reason: b } }]',
    ))).to.deep.equal([
      'inline.yaml:7:37: spec.steps[0].fault.pause: a step injects exactly one fault, got 2: kill, pause; put each fault in its own step',
      'inline.yaml:8:14: spec.steps[1].fault: expected one fault, one of: kill, pause; got an empty mapping',
      'inline.yaml:9:37: spec.steps[2].expect[0].seen: a list item holds exactly one expectation, got 2: up, seen; write each as its own item (- up: ..., - seen: ...)',
    ]);
  });

  it('reports every problem of a file, not only the first', () => {
    expect(problems(scenario(
      '    - expect: { up: { target: web, count: 0 } }',
      '    - expect: { up: { target: web, withn: 1s } }',
      '    - fault: { kill: { target: 1 } }',
    ))).to.have.length(3);
  });
});
