/**
 * The fault proxy in front of a real API server, by hand:
 *
 *   node dist/test/support/fault-proxy/main.js --seed 7 [--target https://10.0.0.1:6443]
 *       [--kubeconfig FILE] [--context NAME] [--write fault-proxy.kubeconfig] [--port 0] [--rate-scale 1]
 *
 * It reads the credentials of the kubeconfig's context (client certificate, token, CA), listens on
 * 127.0.0.1, and writes a kubeconfig pointing at itself: `KUBECONFIG=fault-proxy.kubeconfig kubectl get pods`
 * or `faultline run --kubeconfig fault-proxy.kubeconfig` then go through the faults. Ctrl-C stops it
 * and prints how many faults of each kind it injected.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_RATES, FaultPlan, type FaultRates } from './fault-plan.js';
import { FaultProxy } from './proxy.js';

async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv], strict: true,
    options: {
      seed: { type: 'string' }, target: { type: 'string' }, kubeconfig: { type: 'string' }, context: { type: 'string' },
      write: { type: 'string', default: 'fault-proxy.kubeconfig' }, port: { type: 'string', default: '0' },
      'rate-scale': { type: 'string', default: '1' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: fault-proxy --seed N [--target URL] [--kubeconfig FILE] [--context NAME] [--write FILE] [--port N] [--rate-scale X]');
    return;
  }
  const seed = Number(values.seed);
  if (values.seed === undefined || !Number.isInteger(seed)) throw new Error(`--seed: expected a whole number, got ${String(values.seed)}`);
  const scale = Number(values['rate-scale']);
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new Error(`--rate-scale: expected a number of at least 0, got ${values['rate-scale']}`);
  const rates = Object.fromEntries(Object.entries(DEFAULT_RATES).map(([name, rate]) => [name, Math.min(1, rate * scale)])) as unknown as FaultRates;

  const source = new KubeConfig();
  if (values.kubeconfig !== undefined) source.loadFromFile(values.kubeconfig);
  else source.loadFromDefault();
  if (values.context !== undefined) source.setCurrentContext(values.context);
  const target = values.target ?? source.getCurrentCluster()?.server;
  if (!target) throw new Error('no --target, and the kubeconfig\'s current context names no server');
  const tls: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; headers?: Record<string, string> } = {};
  await source.applyToHTTPSOptions(tls);
  const token = (tls.headers?.['Authorization'] ?? tls.headers?.['authorization']);
  const proxy = await FaultProxy.start({
    target, plan: new FaultPlan(seed, rates), port: Number(values.port),
    ...(tls.ca !== undefined && { ca: tls.ca }), ...(tls.cert !== undefined && { cert: tls.cert }), ...(tls.key !== undefined && { key: tls.key }),
    rejectUnauthorized: source.getCurrentCluster()?.skipTLSVerify !== true && tls.ca !== undefined,
    ...(token !== undefined && { headers: { Authorization: token } }),
  });
  writeFileSync(values.write, proxy.kubeConfig().exportConfig(), 'utf8');
  console.log(`fault-proxy: seed ${seed}, ${proxy.url} -> ${target}; kubeconfig written to ${values.write}`);
  const stop = (): void => {
    console.log(`fault-proxy: injected ${JSON.stringify(proxy.counts())}`);
    void proxy.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`fault-proxy: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
