import { expect } from 'chai';
import { parseYamlDocuments, type YamlDocument } from '../../framework/loading/source-map.js';

function parseOne(text: string): YamlDocument {
  const parsed = parseYamlDocuments(text, 'inline.yaml');
  if (!parsed.ok) throw new Error(`unexpected syntax error: ${parsed.problem.message}`);
  expect(parsed.documents).to.have.length(1);
  return parsed.documents[0]!;
}

function syntaxError(text: string): string {
  const parsed = parseYamlDocuments(text, 'inline.yaml');
  if (parsed.ok) throw new Error('expected a syntax error');
  const { file, line, column, path, message, code } = parsed.problem;
  expect(code).to.equal('yaml-syntax');
  expect(path).to.equal('');
  return `${file}:${line}:${column}: ${message}`;
}

describe('parseYamlDocuments', () => {
  it('maps pointers to 1-based positions of values and keys in block style', () => {
    const doc = parseOne([
      'apiVersion: v1',
      'spec:',
      '  steps:',
      '    - name: one',
      '      timeout: 30s',
      '    - expect:',
      '        restarts:',
      '          within: soon',
    ].join('\n'));
    expect(doc.valueAt('/apiVersion')).to.deep.equal({ line: 1, column: 13 });
    expect(doc.keyAt('/apiVersion')).to.deep.equal({ line: 1, column: 1 });
    expect(doc.valueAt('/spec/steps')).to.deep.equal({ line: 4, column: 5 });
    expect(doc.valueAt('/spec/steps/0')).to.deep.equal({ line: 4, column: 7 });
    expect(doc.keyAt('/spec/steps/0/name')).to.deep.equal({ line: 4, column: 7 });
    expect(doc.valueAt('/spec/steps/0/name')).to.deep.equal({ line: 4, column: 13 });
    expect(doc.valueAt('/spec/steps/0/timeout')).to.deep.equal({ line: 5, column: 16 });
    expect(doc.keyAt('/spec/steps/1/expect/restarts/within')).to.deep.equal({ line: 8, column: 11 });
    expect(doc.valueAt('/spec/steps/1/expect/restarts/within')).to.deep.equal({ line: 8, column: 19 });
    expect(doc.value).to.deep.equal({
      apiVersion: 'v1',
      spec: { steps: [{ name: 'one', timeout: '30s' }, { expect: { restarts: { within: 'soon' } } }] },
    });
  });

  it('maps flow mappings and sequences, pointing at quotes of quoted scalars', () => {
    const doc = parseOne(`target: { selector: app=web, container: web }\nlist: [a, "b", 'c']\n`);
    expect(doc.valueAt('/target')).to.deep.equal({ line: 1, column: 9 });
    expect(doc.keyAt('/target/selector')).to.deep.equal({ line: 1, column: 11 });
    expect(doc.valueAt('/target/selector')).to.deep.equal({ line: 1, column: 21 });
    expect(doc.keyAt('/target/container')).to.deep.equal({ line: 1, column: 30 });
    expect(doc.valueAt('/target/container')).to.deep.equal({ line: 1, column: 41 });
    expect(doc.valueAt('/list')).to.deep.equal({ line: 2, column: 7 });
    expect(doc.valueAt('/list/0')).to.deep.equal({ line: 2, column: 8 });
    expect(doc.valueAt('/list/1')).to.deep.equal({ line: 2, column: 11 });
    expect(doc.valueAt('/list/2')).to.deep.equal({ line: 2, column: 16 });
  });

  it('maps quoted keys, escaping "/" and "~" in pointers', () => {
    const doc = parseOne(`"quoted key": 1\n'single': two\n"a/b~c": x\n`);
    expect(doc.keyAt('/quoted key')).to.deep.equal({ line: 1, column: 1 });
    expect(doc.valueAt('/quoted key')).to.deep.equal({ line: 1, column: 15 });
    expect(doc.keyAt('/single')).to.deep.equal({ line: 2, column: 1 });
    expect(doc.valueAt('/single')).to.deep.equal({ line: 2, column: 11 });
    expect(doc.keyAt('/a~1b~0c')).to.deep.equal({ line: 3, column: 1 });
    expect(doc.valueAt('/a~1b~0c')).to.deep.equal({ line: 3, column: 10 });
  });

  it('points block scalars at their | or > indicator, not at the next line', () => {
    const doc = parseOne('script: |\n  echo one\n  echo two\nfolded: >- # a | comment\n  text\nafter: end\n');
    expect(doc.valueAt('/script')).to.deep.equal({ line: 1, column: 9 });
    expect(doc.valueAt('/folded')).to.deep.equal({ line: 4, column: 9 });
    expect(doc.valueAt('/after')).to.deep.equal({ line: 6, column: 8 });
    expect(doc.value).to.deep.equal({ script: 'echo one\necho two\n', folded: 'text', after: 'end' });
  });

  it('points empty values at their key, and parts reached through aliases or merges at the nearest written value', () => {
    const doc = parseOne('empty:\nbase: &b { x: 1 }\ncopy: *b\nmerged:\n  <<: *b\n  y: 2\n');
    expect(doc.value).to.deep.equal({ empty: null, base: { x: 1 }, copy: { x: 1 }, merged: { x: 1, y: 2 } });
    expect(doc.valueAt('/empty')).to.deep.equal({ line: 1, column: 1 });
    expect(doc.valueAt('/base')).to.deep.equal({ line: 2, column: 10 });
    expect(doc.valueAt('/copy')).to.deep.equal({ line: 3, column: 7 });
    expect(doc.valueAt('/copy/x')).to.deep.equal({ line: 3, column: 7 });
    expect(doc.valueAt('/merged/x')).to.deep.equal({ line: 5, column: 3 });
    expect(doc.valueAt('/merged/y')).to.deep.equal({ line: 6, column: 6 });
  });

  it('falls back to the nearest enclosing value for parts that were not written, and to the key for keyAt', () => {
    const doc = parseOne('spec:\n  steps: []\n');
    expect(doc.valueAt('/spec/steps/0/name')).to.deep.equal({ line: 2, column: 10 });
    expect(doc.keyAt('/spec/missing')).to.deep.equal({ line: 2, column: 3 });
  });

  it('spells keys as the constructed object does', () => {
    const doc = parseOne('1.0: x\ntrue: y\n');
    expect(doc.value).to.deep.equal({ 1: 'x', true: 'y' });
    expect(doc.valueAt('/1')).to.deep.equal({ line: 1, column: 6 });
    expect(doc.valueAt('/true')).to.deep.equal({ line: 2, column: 7 });
  });

  it('keeps positions per document in a multi-document file', () => {
    const parsed = parseYamlDocuments('a: 1\n---\nb:\n  - c\n---\n', 'multi.yaml');
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.documents.map((d) => d.value)).to.deep.equal([{ a: 1 }, { b: ['c'] }, null]);
    expect(parsed.documents[0]!.valueAt('/a')).to.deep.equal({ line: 1, column: 4 });
    expect(parsed.documents[1]!.valueAt('/b/0')).to.deep.equal({ line: 4, column: 5 });
    expect(parsed.documents[1]!.file).to.equal('multi.yaml');
  });

  it('counts CRLF line breaks once and ignores a byte order mark', () => {
    const doc = parseOne('\uFEFFa: 1\r\nb:\r\n  c: x\r\n');
    expect(doc.valueAt('/a')).to.deep.equal({ line: 1, column: 4 });
    expect(doc.valueAt('/b/c')).to.deep.equal({ line: 3, column: 6 });
  });

  it('has no documents for an empty text or one with only comments', () => {
    expect(parseYamlDocuments('', 'empty.yaml')).to.deep.equal({ ok: true, documents: [] });
    expect(parseYamlDocuments('# nothing\n', 'empty.yaml')).to.deep.equal({ ok: true, documents: [] });
  });

  it('turns syntax errors into problems at js-yaml\'s position, 1-based, saying what lines up with what', () => {
    expect(syntaxError('a: 1\n b: 2\n')).to.equal('inline.yaml:2:3: invalid YAML: bad indentation of a mapping entry'
      + ' (this line is indented 1 spaces and the one above 0: entries of one mapping or list line up, and what belongs under a key is indented deeper than the key)');
  });

  it('names a duplicated key and where it was written first', () => {
    expect(syntaxError('a: 1\nb: { c: 1 }\na: 2\n')).to.equal('inline.yaml:3:1: invalid YAML: key "a" is written twice in one mapping; line 1, column 1 has it first (expected each key once)');
  });

  it('reports an unclosed bracket or quote where it opens, not where the parser gives up', () => {
    expect(syntaxError('a: [1, 2')).to.equal('inline.yaml:1:4: invalid YAML: the "[" opened here is never closed; expected a closing ] (the parser gave up at line 1, column 9: unexpected end of the stream within a flow collection)');
    expect(syntaxError('a: "x\nb: 1\nc:\n  d: 2\n')).to.match(/^inline\.yaml:1:4: invalid YAML: the quote " opened here is never closed; expected a closing "/);
    expect(syntaxError("a: don't\nb: [1, 2\nc: 3\n")).to.match(/^inline\.yaml:2:4: invalid YAML: the "\[" opened here/);
  });

  it('refuses aliases that repeat more values than a scenario can hold (an alias bomb)', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 5 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)];
    expect(syntaxError(`${levels.join('\n')}\n`)).to.equal('inline.yaml:4:45: YAML aliases repeat more than 10000 values by here (*a2 and the aliases before it); expected a file that writes its values out, or repeats less through aliases');
    expect(parseYamlDocuments('base: &b { x: 1, y: 2 }\nweb: { <<: *b, z: 3 }\n', 'merge.yaml').ok).to.equal(true);
  });

  it('says that tabs cannot indent YAML', () => {
    expect(syntaxError('steps:\n\t- a\n')).to.match(/^inline\.yaml:2:\d+: invalid YAML: .* \(indent with spaces: YAML does not allow tabs for indentation\)$/);
  });

  it('builds problems pinned to keys or values', () => {
    const doc = parseOne('spec:\n  timeout: soon\n');
    expect(doc.problem('invalid-value', '/spec/timeout', 'spec.timeout', 'bad')).to.deep.equal(
      { code: 'invalid-value', file: 'inline.yaml', line: 2, column: 12, path: 'spec.timeout', message: 'bad' });
    expect(doc.problem('unknown-field', '/spec/timeout', 'spec.timeout', 'bad', 'key')).to.include({ line: 2, column: 3 });
  });
});
