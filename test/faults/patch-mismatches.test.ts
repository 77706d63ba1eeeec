import { expect } from 'chai';
import { describeLeaf, describeMismatch, patchLeaves, patchMismatches } from '../../framework/faults/patch-mismatches.js';

const deployment = {
  metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          { name: 'proxy', image: 'envoy', ports: [{ containerPort: 9901, protocol: 'TCP' }] },
          {
            name: 'web', image: 'nginx:1.20.2', args: ['-g', 'daemon off;'], imagePullPolicy: 'IfNotPresent',
            ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 80, scheme: 'HTTP' }, periodSeconds: 3 },
          },
        ],
      },
    },
  },
};

const probePatch = (path: string) => ({ spec: { template: { spec: { containers: [{ name: 'web', livenessProbe: { httpGet: { path } } }] } } } });

describe('patchMismatches', () => {
  it('finds none when every leaf of the patch is there with its value, whatever the server added around it', () => {
    expect(patchMismatches({ spec: { replicas: 3 }, metadata: { labels: { app: 'web' } } }, deployment, 'merge')).to.deep.equal([]);
    expect(patchMismatches(probePatch('/healthz'), deployment, 'strategic')).to.deep.equal([]);
  });

  it('names the path, the value wanted and the value found', () => {
    expect(patchMismatches({ spec: { replicas: 10, paused: true } }, deployment, 'merge')).to.deep.equal([
      { path: 'spec.replicas', expected: '10', found: '3' },
      { path: 'spec.paused', expected: 'true', found: 'no value' },
    ]);
    expect(describeMismatch({ path: 'spec.replicas', expected: '10', found: '3' })).to.equal('spec.replicas: expected 10, found 3');
  });

  it('matches the items of a strategic patch\'s named lists by name, not by position', () => {
    expect(patchMismatches(probePatch('/index.html'), deployment, 'strategic')).to.deep.equal([
      { path: 'spec.template.spec.containers[name=web].livenessProbe.httpGet.path', expected: '"/index.html"', found: '"/healthz"' },
    ]);
    const sidecar = { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.28' }] } } } };
    expect(patchMismatches(sidecar, deployment, 'strategic')).to.deep.equal([
      { path: 'spec.template.spec.containers[name=sidecar]', expected: 'an item named "sidecar"', found: 'only "proxy", "web"' },
    ]);
  });

  it('checks that an item a strategic patch deletes ($patch: delete) is gone', () => {
    const remove = { spec: { template: { spec: { containers: [{ name: 'proxy', $patch: 'delete' }] } } } };
    expect(patchMismatches(remove, deployment, 'strategic')).to.deep.equal([
      { path: 'spec.template.spec.containers[name=proxy]', expected: 'no such item ($patch: delete)', found: 'it is still there' },
    ]);
    const removed = { spec: { template: { spec: { containers: [deployment.spec.template.spec.containers[1]] } } } };
    expect(patchMismatches(remove, removed, 'strategic')).to.deep.equal([]);
  });

  it('asks of other strategic lists (merged by another key, or replaced) only that they hold each item', () => {
    const ports = (containerPort: number) => ({ spec: { template: { spec: { containers: [{ name: 'web', ports: [{ containerPort }] }] } } } });
    expect(patchMismatches(ports(443), deployment, 'strategic')).to.deep.equal([]);
    expect(patchMismatches(ports(8080), deployment, 'strategic')).to.deep.equal([{
      path: 'spec.template.spec.containers[name=web].ports[0]',
      expected: 'the list to hold {"containerPort":8080}',
      found: '[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}]',
    }]);
  });

  it('asks of lists a merge patch replaces that they hold the patch\'s items, in order, defaults allowed', () => {
    const containers = (...items: object[]) => ({ spec: { template: { spec: { containers: items } } } });
    expect(patchMismatches(containers({ name: 'proxy' }, { name: 'web', image: 'nginx:1.20.2' }), deployment, 'merge')).to.deep.equal([]);
    expect(patchMismatches(containers({ name: 'web' }), deployment, 'merge')).to.deep.equal([
      { path: 'spec.template.spec.containers', expected: '1 item (the patch replaces the list)', found: `2 items: ${JSON.stringify(deployment.spec.template.spec.containers).slice(0, 117)}...` },
    ]);
    expect(patchMismatches(containers({ name: 'web' }, { name: 'proxy' }), deployment, 'merge').map((m) => m.path)).to.deep.equal([
      'spec.template.spec.containers[0].name', 'spec.template.spec.containers[1].name',
    ]);
  });

  it('checks that null removed its field', () => {
    expect(patchMismatches({ metadata: { labels: { tier: null } } }, deployment, 'merge')).to.deep.equal([]);
    expect(patchMismatches({ metadata: { labels: { app: null } } }, deployment, 'strategic')).to.deep.equal([
      { path: 'metadata.labels.app', expected: 'no value (null removes the field)', found: '"web"' },
    ]);
  });

  it('quotes keys that are not identifiers, and reports a mapping where the object has something else', () => {
    expect(patchMismatches({ metadata: { labels: { 'app.kubernetes.io/part-of': 'web' } } }, deployment, 'merge')).to.deep.equal([
      { path: 'metadata.labels["app.kubernetes.io/part-of"]', expected: '"web"', found: '"shop"' },
    ]);
    expect(patchMismatches({ spec: { replicas: { value: 1 } } }, deployment, 'merge')).to.deep.equal([
      { path: 'spec.replicas', expected: 'a mapping', found: '3' },
    ]);
  });

  it('skips directives, and accepts an empty list the server left out', () => {
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'web', $retainKeys: ['image'] }], volumes: [] } } } };
    expect(patchMismatches(patch, deployment, 'strategic')).to.deep.equal([]);
    expect(patchMismatches({ spec: { template: { spec: { volumes: [] } } } }, deployment, 'merge')).to.deep.equal([]);
  });
});

describe('patchLeaves', () => {
  it('lists the values a patch sets, named items by name, directives left out', () => {
    const patch = { ...probePatch('/healthz'), metadata: { labels: { tier: null } }, '$setElementOrder/x': [] };
    expect(patchLeaves(patch, 'strategic').map(describeLeaf)).to.deep.equal([
      'spec.template.spec.containers[name=web].livenessProbe.httpGet.path="/healthz"',
      'metadata.labels.tier=null',
    ]);
    expect(patchLeaves(probePatch('/'), 'merge').map((leaf) => leaf.path)).to.deep.equal([
      'spec.template.spec.containers[0].name', 'spec.template.spec.containers[0].livenessProbe.httpGet.path',
    ]);
    expect(patchLeaves({ containers: [{ name: 'sidecar' }] }, 'strategic').map(describeLeaf)).to.deep.equal(['containers[name=sidecar]={"name":"sidecar"}']);
    expect(patchLeaves({ spec: {} }, 'strategic')).to.deep.equal([]);
  });
});
