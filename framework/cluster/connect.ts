import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, Observable, VersionApi, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import { apiMessageOf, networkCodeOf, statusCodeOf } from './api-errors.js';

export interface ConnectOptions {
  /** A kubeconfig file; default: $KUBECONFIG, then ~/.kube/config, then in-cluster. */
  readonly kubeconfig?: string;
  /** A context of that kubeconfig; default: its current-context. */
  readonly context?: string;
  /** How long the reachability check may take (default 10 s). */
  readonly timeoutMs?: number;
}

/** No cluster answered: the message is one paragraph saying what was tried and what to do. */
export class ClusterUnreachableError extends Error {
  override readonly name = 'ClusterUnreachableError';
}

/** The kubeconfig or the context named does not exist. */
export class KubeConfigError extends Error {
  override readonly name = 'KubeConfigError';
}

export function loadKubeConfig(options: ConnectOptions = {}): KubeConfig {
  if (options.kubeconfig === undefined && !process.env['KUBECONFIG'] && !existsSync(defaultKubeconfigPath()) && !process.env['KUBERNETES_SERVICE_HOST']) {
    // client-node would fall back to http://localhost:8080 and fail with a confusing TLS message.
    throw new ClusterUnreachableError(`No Kubernetes cluster to talk to: Faultline found no kubeconfig (KUBECONFIG is unset, ${defaultKubeconfigPath()} does not exist, and this is not a pod in a cluster). ${HOW_TO_POINT}`);
  }
  const kubeConfig = new KubeConfig();
  try {
    if (options.kubeconfig !== undefined) kubeConfig.loadFromFile(options.kubeconfig);
    else kubeConfig.loadFromDefault();
  } catch (error) {
    throw new KubeConfigError(`could not read the kubeconfig ${options.kubeconfig ?? describeDefaultSource()}: ${(error as Error).message}`);
  }
  if (options.context !== undefined) {
    if (!kubeConfig.getContextObject(options.context)) {
      const known = kubeConfig.getContexts().map((c) => c.name);
      throw new KubeConfigError(`context "${options.context}" is not in the kubeconfig (${describeSource(options)}); contexts there: ${known.join(', ') || 'none'}`);
    }
    kubeConfig.setCurrentContext(options.context);
  }
  return kubeConfig;
}

/**
 * Asks the API server for its version. Resolves with it, or rejects with a ClusterUnreachableError
 * that says which context and server were tried and how to point Faultline at a cluster.
 */
export async function checkReachable(kubeConfig: KubeConfig, options: ConnectOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // getCode's first parameter is the (empty) request; per-call options come second, and this
    // API path expects client-node's own Observable from middleware.
    const version = await kubeConfig.makeApiClient(VersionApi).getCode({}, {
      middleware: [{
        pre: (context: RequestContext) => new Observable(Promise.resolve(withSignal(context, signal))),
        post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
      }],
      middlewareMergeStrategy: 'append',
    });
    return version.gitVersion;
  } catch (error) {
    throw new ClusterUnreachableError(unreachableParagraph(kubeConfig, options, error, signal.aborted ? `no answer within ${timeoutMs / 1000}s` : undefined));
  }
}

function withSignal(context: RequestContext, signal: AbortSignal): RequestContext {
  context.setSignal(signal);
  return context;
}

function unreachableParagraph(kubeConfig: KubeConfig, options: ConnectOptions, error: unknown, timedOut?: string): string {
  const context = kubeConfig.getCurrentContext() || '(none)';
  const server = kubeConfig.getCurrentCluster()?.server ?? '(no server)';
  const status = statusCodeOf(error);
  const why = timedOut ?? (status !== undefined ? `HTTP ${status}: ${apiMessageOf(error)}` : `${networkCodeOf(error) ?? 'error'}: ${apiMessageOf(error)}`);
  return `No Kubernetes cluster answered. Faultline tried context "${context}" (API server ${server}, kubeconfig ${describeSource(options)}) and got ${why}. ${HOW_TO_POINT}`;
}

const HOW_TO_POINT = [
  'Point it at a running cluster: create one with `kind create cluster` (context kind-kind) or k3s (`export KUBECONFIG=/etc/rancher/k3s/k3s.yaml`),',
  'or choose any kubeconfig with KUBECONFIG=path or --kubeconfig path, and a context with --context NAME;',
  '`kubectl --context NAME get nodes` should work before Faultline can.',
].join(' ');

function describeSource(options: ConnectOptions): string {
  return options.kubeconfig ?? describeDefaultSource();
}

function describeDefaultSource(): string {
  if (process.env['KUBECONFIG']) return `$KUBECONFIG=${process.env['KUBECONFIG']}`;
  return defaultKubeconfigPath();
}

function defaultKubeconfigPath(): string {
  return join(homedir(), '.kube', 'config');
}
