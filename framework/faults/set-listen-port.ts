import type { FaultPlugin } from './fault.js';
import { pickPods } from './pick-pods.js';
import { runInContainer, shell } from './run-in-container.js';
import { resolveTarget, TARGET_SCHEMA, targetProblems, type TargetSpec } from '../model/target.js';

export interface SetListenPortSpec {
  target: TargetSpec;
  /** The port nginx listens on now (default 80). */
  from?: number;
  /** The port to move it to. */
  to: number;
  /** The config file holding the `listen` directive (default nginx's /etc/nginx/conf.d/default.conf). */
  file?: string;
  /** The command that applies the change (default `nginx -s reload`). */
  reload?: string;
}

const DEFAULT_FILE = '/etc/nginx/conf.d/default.conf';
const DEFAULT_RELOAD = 'nginx -s reload';

/**
 * Edits the listen port in a config file and reloads the server, so that a tcpSocket probe on the
 * old port is refused. Proves it from the kernel's socket table: the new port listening, the old not.
 * The server reloads asynchronously, so the proof waits up to 10 s inside the container (one exec).
 */
const EDIT = `
f="$1"; from="$2"; to="$3"
grep -Eq "listen[[:space:]]+(\\[::\\]:)?$from([^0-9]|$)" "$f" || { echo "no 'listen $from' directive in $f" >&2; exit 3; }
sed -i -E "s/(listen[[:space:]]+(\\[::\\]:)?)$from([^0-9]|\\$)/\\1$to\\3/g" "$f"
grep -Eq "listen[[:space:]]+(\\[::\\]:)?$to([^0-9]|$)" "$f" || { echo "sed left no 'listen $to' in $f" >&2; exit 4; }
`;
const PROVE = `
from="$1"; to="$2"
listening() { grep -Eq "^ *[0-9]+: [0-9A-F]+:$(printf '%04X' "$1") [0-9A-F]+:[0-9A-F]+ 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null; }
i=0
while [ "$i" -lt 50 ]; do
  if listening "$to" && ! listening "$from"; then exit 0; fi
  i=$((i + 1)); sleep 0.2
done
yes_no() { if listening "$1"; then echo listening; else echo "not listening"; fi; }
echo "10s after the reload: port $to $(yes_no "$to"), port $from $(yes_no "$from")" >&2
exit 5
`;

export const setListenPort: FaultPlugin<SetListenPortSpec, 'setListenPort'> = {
  kind: 'setListenPort',
  schema: {
    type: 'object',
    description: "Change the server's listen port in its config (sed) and reload it (nginx -s reload), so a tcpSocket probe is refused.",
    required: ['target', 'to'],
    properties: {
      target: TARGET_SCHEMA,
      from: { type: 'integer', minimum: 1, maximum: 65535, description: 'Current port (default 80).' },
      to: { type: 'integer', minimum: 1, maximum: 65535, description: 'New port.' },
      file: { type: 'string', pattern: '^/', description: `Config file (default ${DEFAULT_FILE}).` },
      reload: { type: 'string', minLength: 1, description: `Command that applies the change (default "${DEFAULT_RELOAD}").` },
    },
  },
  describe: (spec) => `move the listen port ${spec.from ?? 80} -> ${spec.to} in ${resolveTarget(spec.target).text}`,
  validate(spec) {
    const problems = targetProblems(spec.target);
    if ((spec.from ?? 80) === spec.to) problems.push({ path: 'to', message: `the new port equals the current one (${spec.to})` });
    return problems;
  },
  async inject(context, spec) {
    const { pods } = pickPods(context, spec.target);
    const from = String(spec.from ?? 80);
    const to = String(spec.to);
    const file = spec.file ?? DEFAULT_FILE;
    for (const picked of pods) {
      await runInContainer(context, picked, shell(EDIT, file, from, to), `editing ${file}`);
      await runInContainer(context, picked, shell(spec.reload ?? DEFAULT_RELOAD), `reloading (${spec.reload ?? DEFAULT_RELOAD})`);
      await runInContainer(context, picked, shell(PROVE, from, to), `checking that port ${to} listens and ${from} does not`);
    }
    return {
      summary: `moved the listen port ${from} -> ${to} in ${file} of ${pods.map((p) => `${p.name}/${p.container}`).join(', ')} (checked: ${to} listening, ${from} not)`,
      pods: pods.map((p) => p.name),
    };
  },
};
