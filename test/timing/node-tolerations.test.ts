import { expect } from 'chai';
import type { PodTemplate } from '../../framework/timing/pod-templates.js';
import { describeToleration, toleratedMs, unreachableToleration } from '../../framework/timing/tolerations.js';
import { nginxPodSpec } from './pods.js';

const UNREACHABLE = 'node.kubernetes.io/unreachable';

function template(tolerations: unknown[] | undefined, owner = 'Deployment web'): PodTemplate {
  return {
    owner, labels: { app: 'web' }, replicas: 2, containerNames: ['web'],
    podSpec: nginxPodSpec({}, tolerations === undefined ? {} : { tolerations }),
    source: { file: 'web.yaml', line: 1, column: 1 },
  } as PodTemplate;
}

describe('how long pods stay on a lost node (tolerations for the unreachable NoExecute taint)', () => {
  it('takes tolerationSeconds from the toleration that matches the taint', () => {
    const library = template([
      { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 },
    ]);
    expect(unreachableToleration(library)).to.deep.equal({ source: 'template', seconds: 10 });
  });

  it('gives 300s (the DefaultTolerationSeconds admission plugin) when no toleration matches: another key, another effect, a value', () => {
    for (const tolerations of [undefined, [], [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }],
      [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }],
      [{ key: UNREACHABLE, operator: 'Equal', value: 'yes', effect: 'NoExecute', tolerationSeconds: 5 }]]) {
      expect(unreachableToleration(template(tolerations)), JSON.stringify(tolerations)).to.deep.equal({ source: 'admission', seconds: 300 });
    }
    expect(describeToleration({ source: 'admission', seconds: 300 })).to.contain('added by the DefaultTolerationSeconds admission plugin');
  });

  it('takes the shortest of several matching tolerations, as the taint manager does, and a key-less Exists matches every taint', () => {
    expect(unreachableToleration(template([
      { operator: 'Exists', tolerationSeconds: 60 },
      { key: UNREACHABLE, operator: 'Equal', effect: 'NoExecute', tolerationSeconds: 20 },
      { key: UNREACHABLE, operator: 'Exists' },
    ]))).to.deep.equal({ source: 'template', seconds: 20 });
  });

  it('keeps pods for good with a matching toleration without tolerationSeconds, and for every DaemonSet', () => {
    const forever = unreachableToleration(template([{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }]));
    expect(forever.source).to.equal('forever');
    expect(toleratedMs(forever)).to.equal(Infinity);
    expect(unreachableToleration(template(undefined, 'DaemonSet agent'))).to.deep.include({ source: 'forever' });
  });

  it('reads a negative tolerationSeconds as 0: evicted at once', () => {
    expect(unreachableToleration(template([{ key: UNREACHABLE, operator: 'Exists', tolerationSeconds: -5 }]))).to.deep.equal({ source: 'template', seconds: 0 });
  });
});
