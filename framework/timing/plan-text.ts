import { formatLimit } from '../model/duration.js';
import type { Scenario } from '../model/scenario.js';
import { describeWindow } from '../model/window.js';
import { ASSUMPTIONS, type Assumption } from './assumptions.js';
import { containerProfile, type ContainerProfile } from './container-profile.js';
import { describeWindowChoice, type WindowChoice } from './default-window.js';
import type { Estimate } from './estimates/estimate.js';
import type { PodTemplate } from './pod-templates.js';
import { describeHandler, describeSettings } from './probe-settings.js';
import type { Anchor, ExpectationTiming, ScenarioTiming } from './scenario-timing.js';
import { formatRange, formatSeconds } from './time-range.js';

/** What a plan shows: the loader's PlannedScenario. */
export interface PlanInput {
  readonly scenario: Scenario;
  readonly timing: ScenarioTiming;
  readonly expectations: ReadonlyArray<{ readonly timing: ExpectationTiming; readonly window: WindowChoice }>;
}

/**
 * A scenario's expected timeline, for people: its pods' timing settings, then per step what is expected,
 * when by the kubelet's rules, and which window judges it; then the assumptions those times rest on.
 *
 * @example
 * planText(plan)
 * // 3. expect "the kubelet restarts the container"
 * //    - restarts, within 45s (as written)
 * //        ~9s (6–15s) after the rename (step 2): restartCount 1
 */
export function planText(plan: PlanInput): string {
  const { scenario, timing } = plan;
  const lines = [`${scenario.name} (${scenario.file}), timeout ${formatLimit(scenario.timeoutMs)}`];
  if (scenario.description !== '') lines.push(scenario.description);
  lines.push('', 'Pods, from the manifests:');
  if (timing.templates.length === 0) lines.push('  none (no Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController or Pod)');
  for (const template of timing.templates) lines.push(...templateLines(template));

  lines.push('', 'Steps (each window counts from its step\'s start):');
  const used = new Set<Assumption>();
  for (const step of scenario.steps) {
    if (step.action === 'fault') {
      lines.push(`  ${step.index}. fault "${step.name}" (${step.fault.kind})`);
      const notes = timing.faults.find((f) => f.step === step.index)?.notes ?? [];
      lines.push(...notes.map((note) => `       ${note}`));
      continue;
    }
    lines.push(`  ${step.index}. ${step.action} "${step.name}"`);
    for (const expectation of plan.expectations.filter((e) => e.timing.step === step.index)) {
      const { use, result } = expectation.timing;
      lines.push(`     - ${use.kind}, ${describeWindow(use.window)} (${describeWindowChoice(expectation.window)})`);
      if ('never' in result) {
        result.never.assumptions.forEach((a) => used.add(a));
        lines.push(`         never after ${expectation.timing.cause}: ${result.never.outcome}`, `         because ${result.never.rule}`);
        continue;
      }
      if (!('estimate' in result)) {
        lines.push(`         not timed: ${result.unknown}`);
        continue;
      }
      const { estimate } = result;
      estimate.assumptions.forEach((a) => used.add(a));
      lines.push(`         ${whenText(estimate, expectation.timing.cause)}`, `         because ${estimate.rule}`);
      const note = windowNote(expectation.timing, estimate);
      if (note) lines.push(`         note: ${note}`);
    }
  }
  if (used.size > 0) {
    lines.push('', 'Assumptions (experiments.md, "Timing rules (kubelet)"):');
    for (const assumption of Object.values(ASSUMPTIONS)) if (used.has(assumption)) lines.push(`  - ${assumption}`);
  }
  return lines.join('\n');
}

/** `~9s (6–15s) after the rename (step 2): restartCount 1`. */
function whenText(estimate: Estimate, cause: string): string {
  if (estimate.measures === 'duration') return `${estimate.outcome} for ${formatRange(estimate.range)}, from ${cause} to the pod's removal`;
  return `${formatRange(estimate.range)} after ${cause}: ${estimate.outcome}`;
}

function windowNote(timing: ExpectationTiming, estimate: Estimate): string | undefined {
  const notes: Record<Anchor, string | undefined> = {
    'fault-just-before': undefined,
    'cause-earlier': 'the window opens some time after that, when the steps before it are done',
    'cause-after-step-start': "times count from the container's start, which comes after the step begins (scheduling, image pull)",
    unknown: "it is not known whether the container has started when the step begins",
  };
  const window = timing.use.window;
  const short = window.mode === 'within' && window.ms < estimate.range.latestMs && timing.anchor === 'fault-just-before'
    ? `the window ends before the latest time (${formatSeconds(estimate.range.latestMs)}): a slow cluster may miss it` : undefined;
  return [notes[timing.anchor], short].filter((n) => n !== undefined).join('; ') || undefined;
}

function templateLines(template: PodTemplate): string[] {
  const labels = Object.entries(template.labels).map(([k, v]) => `${k}=${v}`).join(',');
  const replicas = template.replicas === Infinity ? 'one pod per node' : `${template.replicas} replica${template.replicas === 1 ? '' : 's'}`;
  const lines = [`  ${template.owner}${labels ? ` (${labels})` : ''}, ${replicas}`];
  for (const name of template.containerNames) {
    const profile = containerProfile(template.podSpec, name);
    if (profile) lines.push(...containerLines(profile));
  }
  return lines;
}

function containerLines(profile: ContainerProfile): string[] {
  const probes = Object.values(profile.probes).map((p) => `      ${describeHandler(p)} (${describeSettings(p)})`);
  const preStop = profile.preStop.kind === 'none' ? 'no preStop hook'
    : profile.preStop.kind === 'sleep' ? `preStop sleeps ${profile.preStop.ms === Infinity ? 'forever' : formatSeconds(profile.preStop.ms)}`
      : `preStop ${profile.preStop.text}`;
  return [
    `    container ${profile.name}: terminationGracePeriodSeconds ${profile.gracePeriodMs / 1000}, ${preStop}${profile.restartPolicy === 'Always' ? '' : `, restartPolicy ${profile.restartPolicy}`}`,
    ...(probes.length > 0 ? probes : ['      no probes']),
  ];
}
