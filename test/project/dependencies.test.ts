import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import semver from 'semver';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
}

/** Every package installed under node_modules (nested ones included), with its package.json. */
function installedPackages(dir = join(ROOT, 'node_modules')): Manifest[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    const path = join(dir, entry);
    if (entry.startsWith('@')) return installedPackages(path);
    const manifest = join(path, 'package.json');
    if (!existsSync(manifest)) return [];
    return [JSON.parse(readFileSync(manifest, 'utf8')) as Manifest, ...installedPackages(join(path, 'node_modules'))];
  });
}

describe('dependencies', () => {
  it('all accept the Node version Faultline supports (README: Node 20, client-node 1.4, p-retry 7)', () => {
    const supported = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest).engines!.node!;
    const floor = semver.minVersion(supported)!.version;
    const refusing = installedPackages()
      .filter((pkg) => pkg.engines?.node !== undefined && !semver.satisfies(floor, pkg.engines.node))
      .map((pkg) => `${pkg.name}@${pkg.version} needs node ${pkg.engines!.node}`);
    expect(refusing, `these do not run on Node ${floor}, the lowest version package.json promises`).to.deep.equal([]);
  });

  it('keep client-node on 1.x and p-retry on 7.x while Faultline supports Node 20', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    expect(lock.packages['node_modules/@kubernetes/client-node']!.version).to.match(/^1\./);
    expect(lock.packages['node_modules/p-retry']!.version).to.match(/^7\./);
  });
});
