import { expect } from 'chai';
import { matchesSelector, parseLabelSelector, SelectorSyntaxError } from '../../framework/model/label-selector.js';

const matches = (selector: string, labels?: Record<string, string>): boolean => matchesSelector(parseLabelSelector(selector), labels);

describe('parseLabelSelector', () => {
  it('reads = and == as "in" one value, != as "notin"', () => {
    expect(parseLabelSelector('app=web').requirements).to.deep.equal([{ key: 'app', operator: 'in', values: ['web'] }]);
    expect(parseLabelSelector('app==web').requirements).to.deep.equal([{ key: 'app', operator: 'in', values: ['web'] }]);
    expect(parseLabelSelector('tier!=cache').requirements).to.deep.equal([{ key: 'tier', operator: 'notin', values: ['cache'] }]);
  });

  it('reads set-based requirements, trimming the values', () => {
    expect(parseLabelSelector('env in (prod, staging)').requirements)
      .to.deep.equal([{ key: 'env', operator: 'in', values: ['prod', 'staging'] }]);
    expect(parseLabelSelector('env  notin  ( dev , test )').requirements)
      .to.deep.equal([{ key: 'env', operator: 'notin', values: ['dev', 'test'] }]);
  });

  it('reads existence and non-existence', () => {
    expect(parseLabelSelector('canary').requirements).to.deep.equal([{ key: 'canary', operator: 'exists' }]);
    expect(parseLabelSelector('!canary').requirements).to.deep.equal([{ key: 'canary', operator: 'doesnotexist' }]);
    expect(parseLabelSelector('! canary').requirements).to.deep.equal([{ key: 'canary', operator: 'doesnotexist' }]);
  });

  it('splits on commas outside parentheses only, and keeps the text', () => {
    const selector = parseLabelSelector('app=web, env in (prod,staging),!canary');
    expect(selector.text).to.equal('app=web, env in (prod,staging),!canary');
    expect(selector.requirements).to.deep.equal([
      { key: 'app', operator: 'in', values: ['web'] },
      { key: 'env', operator: 'in', values: ['prod', 'staging'] },
      { key: 'canary', operator: 'doesnotexist' },
    ]);
  });

  it('allows whitespace around operators', () => {
    expect(parseLabelSelector('  app = web ,tier != cache ').requirements).to.deep.equal([
      { key: 'app', operator: 'in', values: ['web'] },
      { key: 'tier', operator: 'notin', values: ['cache'] },
    ]);
  });

  it('accepts keys with a DNS prefix and values with - _ .', () => {
    expect(parseLabelSelector('app.kubernetes.io/name=my_web-1.2').requirements)
      .to.deep.equal([{ key: 'app.kubernetes.io/name', operator: 'in', values: ['my_web-1.2'] }]);
  });

  it('accepts an empty value (app=) as kubectl does', () => {
    expect(parseLabelSelector('app=').requirements).to.deep.equal([{ key: 'app', operator: 'in', values: [''] }]);
  });

  describe('errors', () => {
    const fails = (text: string, message: string): void => {
      expect(() => parseLabelSelector(text)).to.throw(SelectorSyntaxError, message);
    };

    it('an empty selector asks for a requirement', () => {
      fails('', 'expected at least one requirement such as "app=web"');
      fails('   ', 'expected at least one requirement such as "app=web"');
    });

    it('a trailing, leading or doubled comma is an empty requirement', () => {
      for (const text of ['app=web,', ',app=web', 'app=web,,tier=api']) {
        fails(text, 'empty requirement (two commas in a row, or a trailing comma)');
      }
    });

    it('an unbalanced or missing parenthesis says so, not that the key is invalid', () => {
      fails('tier in (web,api', '"tier in (web,api": "(" is never closed (expected e.g. "env in (prod,staging)")');
      fails('app=web, tier in (web', '"(" is never closed');
      fails('tier in web,api)', '"tier in web,api)": ")" without its "("');
      fails('tier in web', '"tier in web": expected a list in parentheses after "in", e.g. "tier in (web)"');
      fails('tier notin', '"tier notin": expected a list in parentheses after "notin", e.g. "tier notin (prod,staging)"');
    });

    it('an invalid key names the term and the key', () => {
      fails('Example.com/tier=web', '"Example.com/tier=web": "Example.com/tier" is not a valid label key (expected e.g. "app" or "example.com/tier")');
      fails('-app', '"-app": "-app" is not a valid label key');
    });

    it('an invalid value names the term, the value and the rule', () => {
      fails('app=web server', '"app=web server": "web server" is not a valid label value (at most 63 characters: letters, digits, "-", "_", ".")');
      fails('app=-web', '"app=-web": "-web" is not a valid label value');
      fails('env in (prod,st@ging)', '"env in (prod,st@ging)": "st@ging" is not a valid label value');
    });

    it('a value of 64 characters is too long; 63 is fine', () => {
      expect(parseLabelSelector(`app=${'v'.repeat(63)}`).requirements).to.have.length(1);
      fails(`app=${'v'.repeat(64)}`, `"${'v'.repeat(64)}" is not a valid label value`);
    });

    it('a key whose name part has 64 characters is rejected', () => {
      fails('a'.repeat(64), 'is not a valid label key');
    });

    it('a 317-character key (253-character prefix, 63-character name) is accepted', () => {
      const prefix = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
      const key = `${prefix}/${'n'.repeat(63)}`;
      expect(key).to.have.length(317);
      expect(parseLabelSelector(key).requirements).to.deep.equal([{ key, operator: 'exists' }]);
    });
  });
});

describe('matchesSelector', () => {
  const web = { app: 'web', env: 'prod' };

  it('equality needs the key with that value', () => {
    expect(matches('app=web', web)).to.equal(true);
    expect(matches('app=api', web)).to.equal(false);
    expect(matches('tier=web', web)).to.equal(false);
  });

  it('inequality also matches objects without the key, as kubectl does', () => {
    expect(matches('app!=api', web)).to.equal(true);
    expect(matches('app!=web', web)).to.equal(false);
    expect(matches('tier!=cache', web)).to.equal(true);
  });

  it('in and notin test membership; notin matches a missing key', () => {
    expect(matches('env in (prod,staging)', web)).to.equal(true);
    expect(matches('env in (dev)', web)).to.equal(false);
    expect(matches('env notin (dev,test)', web)).to.equal(true);
    expect(matches('env notin (prod)', web)).to.equal(false);
    expect(matches('zone notin (a)', web)).to.equal(true);
  });

  it('exists and !key look at the key only', () => {
    expect(matches('env', web)).to.equal(true);
    expect(matches('canary', web)).to.equal(false);
    expect(matches('!canary', web)).to.equal(true);
    expect(matches('!env', web)).to.equal(false);
  });

  it('an existing key with an empty value exists', () => {
    expect(matches('canary', { canary: '' })).to.equal(true);
    expect(matches('canary=', { canary: '' })).to.equal(true);
  });

  it('requires every requirement (AND)', () => {
    expect(matches('app=web,env=prod', web)).to.equal(true);
    expect(matches('app=web,env=dev', web)).to.equal(false);
  });

  it('treats missing labels as no labels', () => {
    expect(matches('!canary', undefined)).to.equal(true);
    expect(matches('app=web', undefined)).to.equal(false);
  });

  it('does not match inherited properties such as "constructor"', () => {
    expect(matches('constructor', {})).to.equal(false);
  });
});
