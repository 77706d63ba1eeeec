/**
 * The pods/eviction subresource (what `kubectl drain` posts): an accepted eviction deletes the pod as a
 * DELETE would (graceful, so it turns Terminating) and answers 201 with a Success Status; while a test
 * has set a disruption budget that allows no disruption for the pod, it answers 429 as the apiserver
 * does, naming the budget in the Status causes and sending no Retry-After.
 */
import type { Lifecycle } from './lifecycle.js';
import { isRecord } from './patch.js';
import type { ResourceCatalog } from './resources.js';
import { badRequest, failure, StatusError } from './status.js';
import type { Store } from './store.js';

/** A PodDisruptionBudget, as far as evictions can tell: whom it covers and whether it allows a disruption now. */
export interface DisruptionBudget {
  readonly namespace: string;
  readonly name: string;
  /** The pods it covers, by label (every label must match). */
  readonly selector: Readonly<Record<string, string>>;
  /** How many healthy pods it needs; evictions are refused while `healthy` is not above it. */
  readonly minAvailable: number;
  readonly healthy: number;
}

export class EvictionEndpoint {
  private readonly budgets = new Map<string, DisruptionBudget>();

  constructor(
    private readonly store: Store,
    private readonly catalog: ResourceCatalog,
    private readonly lifecycle: Lifecycle,
    /** The Kubernetes minor version served: policy/v1 Evictions exist from 1.22. */
    private readonly minor: number,
  ) {}

  /** Sets (or replaces, by namespace and name) a budget; `healthy > minAvailable` lets one eviction through. */
  setBudget(budget: DisruptionBudget): void {
    this.budgets.set(`${budget.namespace}/${budget.name}`, budget);
  }

  removeBudget(namespace: string, name: string): void {
    this.budgets.delete(`${namespace}/${name}`);
  }

  /** POST .../namespaces/NS/pods/NAME/eviction. */
  evict(namespace: string, name: string, body: unknown): { code: number; body: unknown } {
    const apiVersion = isRecord(body) ? body['apiVersion'] : undefined;
    if (apiVersion === 'policy/v1' && this.minor < 22) {
      throw badRequest('no kind "Eviction" is registered for version "policy/v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"');
    }
    if (apiVersion !== 'policy/v1' && apiVersion !== 'policy/v1beta1') {
      throw badRequest(`expected an Eviction of policy/v1beta1${this.minor >= 22 ? ' or policy/v1' : ''}, got ${JSON.stringify(apiVersion)}`);
    }
    const pods = this.catalog.byPlural('pods');
    const pod = this.store.mustGet(pods, namespace, name);
    const labels = pod.metadata.labels ?? {};
    const refusing = [...this.budgets.values()].find((budget) => budget.namespace === namespace
      && Object.entries(budget.selector).every(([key, value]) => labels[key] === value)
      && budget.healthy <= budget.minAvailable);
    if (refusing) {
      throw new StatusError(failure(429, "Cannot evict pod as it would violate the pod's disruption budget.", 'TooManyRequests', {
        causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${refusing.name} needs ${refusing.minAvailable} healthy pods and has ${refusing.healthy} currently` }],
      }));
    }
    const options = isRecord(body) && isRecord(body['deleteOptions']) && typeof body['deleteOptions']['gracePeriodSeconds'] === 'number'
      ? { gracePeriodSeconds: body['deleteOptions']['gracePeriodSeconds'] }
      : {};
    this.lifecycle.delete(pods, namespace, name, options);
    return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
  }
}
