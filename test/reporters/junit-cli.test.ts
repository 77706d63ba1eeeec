import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { FakeApiServer } from '../support/fake-api-server/index.js';
import { KubeletSimulator } from '../support/kubelet-simulator.js';
import { temporaryFolder, WEB_MANIFESTS, writeFiles } from '../integration/harness.js';
import { FAILING, PASSING, runCli } from '../cli/cli-harness.js';

const XSD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/xsd');

const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.kubeconfig-bearer-token-4f1c';
const CLIENT_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const CLIENT_KEY_DATA = Buffer.from(CLIENT_KEY_PEM).toString('base64');

/**
 * A kubeconfig as people have them: the bearer token the (fake) API server wants, and beside it a client
 * key. None of it may reach a report.
 */
async function writeSecretKubeconfig(dir: string, api: FakeApiServer): Promise<string> {
  const path = join(dir, 'secret.kubeconfig.json');
  await writeFile(path, JSON.stringify({
    apiVersion: 'v1', kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'admin', user: { token: SECRET_TOKEN, 'client-key-data': CLIENT_KEY_DATA } }],
    contexts: [{ name: 'secret-context', context: { cluster: 'fake', user: 'admin' } }],
    'current-context': 'secret-context',
  }), 'utf8');
  return path;
}

async function schemaErrors(xml: string, fileName: string): Promise<string[]> {
  const validation = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName, contents: await readFile(join(XSD_DIR, fileName), 'utf8') }],
  });
  return validation.errors.map((error) => error.rawMessage);
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });
type Case = { '@name': string; '@time': string; failure?: { '@type': string; '@message': string } };
type Suite = { '@name': string; testcase: Case[]; properties: { property: Array<{ '@name': string; '@value': string }> }; 'system-out'?: string };

describe('faultline run --junit, against the fake API server', function () {
  this.timeout(20_000);
  let api: FakeApiServer;
  let dir: string;
  let kubeconfig: string;

  beforeEach(async () => {
    api = await FakeApiServer.start({ token: SECRET_TOKEN });
    const sim = new KubeletSimulator(api);
    sim.onPod((pod) => { sim.start(pod); sim.ready(pod, true); });
    dir = await temporaryFolder();
    kubeconfig = await writeSecretKubeconfig(dir, api);
    await writeFiles(dir, { 'scenarios/manifests/web.yaml': WEB_MANIFESTS, 'scenarios/passing.yaml': PASSING, 'scenarios/failing.yaml': FAILING });
  });

  afterEach(async () => {
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('never writes the kubeconfig\'s token or client key into the JUnit, JSON or HTML report', async () => {
    const reports = { junit: join(dir, 'r', 'junit.xml'), json: join(dir, 'r', 'results.json'), html: join(dir, 'r', 'report.html') };
    const { code, err } = await runCli(['run', join(dir, 'scenarios'), '--quiet',
      '--reporter', 'html', '--output', reports.html, '--junit', reports.junit, '--json', reports.json], { kubeconfig });
    expect(code, err.join('\n')).to.equal(1); // one scenario fails: its report must be written all the same
    expect(api.requests.some((request) => request.method === 'POST')).to.equal(true); // the token did authenticate the run

    const junit = await readFile(reports.junit, 'utf8');
    const suites = (parser.parse(junit) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
    expect(suites.flatMap((suite) => suite.properties.property.map((p) => `${p['@name']}=${p['@value']}`)).filter((p) => p.startsWith('context=')))
      .to.deep.equal(['context=secret-context', 'context=secret-context']);
    const secrets = [SECRET_TOKEN, SECRET_TOKEN.split('.')[1]!, CLIENT_KEY_DATA.slice(0, 40), CLIENT_KEY_PEM.split('\n')[1]!, 'PRIVATE KEY'];
    for (const [name, path] of Object.entries(reports)) {
      const text = await readFile(path, 'utf8');
      expect(text.length, name).to.be.greaterThan(1000);
      expect(secrets.filter((secret) => text.includes(secret)), name).to.deep.equal([]);
    }
  });

  it('--junit-steps --junit-schema ant: a test case per step, valid against the Ant and the Jenkins schema', async () => {
    const report = join(dir, 'steps.xml');
    const { code } = await runCli(['run', join(dir, 'scenarios'), '--quiet', '--reporter', 'junit', '--output', report, '--junit-steps', '--junit-schema', 'ant'], { kubeconfig });
    expect(code).to.equal(1);
    const xml = await readFile(report, 'utf8');
    expect(await schemaErrors(xml, 'ant-junit.xsd')).to.deep.equal([]);
    expect(await schemaErrors(xml, 'jenkins-junit.xsd')).to.deep.equal([]);
    const suites = (parser.parse(xml) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
    const failing = suites.find((suite) => suite['@name'].endsWith('failing.yaml'))!;
    expect(failing.testcase.map((c) => c['@name'])).to.deep.equal(['web-restarts › step 1 waitFor ready', 'web-restarts › step 2 the container restarts']);
    expect(failing.testcase[1]!.failure?.['@type']).to.equal('expectation.restarts');
    expect(failing['system-out']).to.contain('timeline of step 2');
    expect(suites.find((suite) => suite['@name'].endsWith('passing.yaml'))!.testcase.map((c) => c.failure)).to.deep.equal([undefined]);
  });

  it('fails the run with a non-zero exit when the JUnit report cannot be written, though every scenario passed', async () => {
    await writeFile(join(dir, 'not-a-folder'), '');
    const report = join(dir, 'not-a-folder', 'junit.xml');
    // The reporter writes to stderr itself, when mocha is done: capture it there.
    const stderr: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    let code: number;
    try {
      ({ code } = await runCli(['run', join(dir, 'scenarios', 'passing.yaml'), '--quiet', '--reporter', 'junit', '--output', report], { kubeconfig }));
    } finally {
      process.stderr.write = write;
    }
    expect(code).to.equal(1);
    expect(stderr.join('')).to.contain(`faultline junit reporter: could not create the folder for ${report}: EEXIST`);
  });

  it('refuses --junit-schema it does not know and --junit-steps without --junit, before any request', async () => {
    const unknown = await runCli(['run', join(dir, 'scenarios'), '--junit', join(dir, 'x.xml'), '--junit-schema', 'xunit'], { kubeconfig });
    expect(unknown.code).to.equal(2);
    expect(unknown.err.join('\n')).to.contain('--junit-schema: expected jenkins or ant, got "xunit"');
    const alone = await runCli(['run', join(dir, 'scenarios'), '--junit-steps'], { kubeconfig });
    expect(alone.code).to.equal(2);
    expect(alone.err.join('\n')).to.contain('--junit-steps and --junit-schema shape the JUnit report: add --junit FILE');
    expect(api.requests).to.deep.equal([]);
  });
});
