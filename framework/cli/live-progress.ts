import type { Output } from './command.js';
import type { Clock } from '../engine/clock.js';
import type { StepOutcome } from '../engine/scenario-result.js';
import type { StepProgressListener, StepStarted } from '../engine/step-progress.js';
import { describeExpectation } from '../expectations/registry.js';
import type { ExpectStep, FaultStep, Step } from '../model/scenario.js';
import type { ClusterView } from '../observe/cluster-view.js';
import { kubectlStatus } from '../observe/kubectl-status.js';
import { isPodReady, podName } from '../observe/target-pods.js';

/** The terminal the status line is drawn on: stderr when it is a TTY. */
export interface Terminal {
  write(text: string): unknown;
  readonly columns?: number;
}

export interface LiveProgressOptions {
  /** Permanent lines (each step's start and end, and "still waiting" lines when there is no terminal). */
  readonly lines: Output;
  /** Present on a TTY: one status line is rewritten in place there. Absent (CI logs): lines only. */
  readonly terminal?: Terminal;
  readonly clock: Clock;
  /** How often the status line is redrawn on a TTY (default 250 ms: at most 4 updates a second). */
  readonly refreshMs?: number;
  /** Without a terminal: how often a step that is still waiting prints a line (default 30 s). */
  readonly reminderMs?: number;
}

/** Erase the whole line and go back to its start. */
const CLEAR_LINE = '\r\u001b[2K';
/** Pods named on a status line; more would not fit. */
const PODS_SHOWN = 2;

interface Running extends StepStarted {
  cancelReminder?: () => void;
}

/**
 * Live progress for `faultline run`: which step each scenario is in, what it waits for, for how
 * long, and the pods as last observed.
 * - On a TTY, one status line at the bottom, rewritten at most every `refreshMs`, naming the step
 *   that has waited longest. Permanent lines (and other output, see `interleave`) are written above it.
 * - Without one (CI), nothing is rewritten: a line when a step starts or ends (the engine's log), and
 *   one every `reminderMs` while a step still waits.
 *
 * @example
 * const progress = new LiveProgress({ lines: console.error, terminal: process.stderr, clock: systemClock });
 * runScenario(scenario, { cluster, progress, log: (line) => progress.line(line) });
 * // waiting: "http-liveness-rename · step 3/5 expect restarts … within 45s · waiting 12s · web-7d9f Running, 0 restarts, Ready"
 */
export class LiveProgress implements StepProgressListener {
  private readonly running = new Map<string, Running>();
  private status = '';
  private cancelRefresh: (() => void) | undefined;
  private readonly refreshMs: number;
  private readonly reminderMs: number;

  constructor(private readonly options: LiveProgressOptions) {
    this.refreshMs = options.refreshMs ?? 250;
    this.reminderMs = options.reminderMs ?? 30_000;
  }

  /** A permanent line: above the status line on a TTY. */
  line(text: string): void {
    this.clearStatus();
    this.options.lines(text);
    this.drawStatus();
  }

  stepStarted(started: StepStarted): void {
    const running: Running = { ...started };
    this.running.set(started.scenario, running);
    if (this.options.terminal) this.startRefreshing();
    else this.remindLater(running);
  }

  stepEnded(scenario: string, _outcome: StepOutcome): void {
    this.running.get(scenario)?.cancelReminder?.();
    this.running.delete(scenario);
    if (this.running.size === 0) this.stop();
  }

  /**
   * Makes `stream`'s writes (mocha's reporter on stdout, sharing the terminal) clear the status line
   * first and draw it again after. Returns the function that restores the stream.
   */
  interleave(stream: { write: (...args: never[]) => boolean }): () => void {
    if (!this.options.terminal) return () => undefined;
    const original = stream.write;
    stream.write = ((...args: never[]) => {
      this.clearStatus();
      const written = original.apply(stream, args);
      this.drawStatus();
      return written;
    }) as typeof stream.write;
    return () => { stream.write = original; };
  }

  /** Clears the status line and stops every timer. */
  stop(): void {
    this.cancelRefresh?.();
    this.cancelRefresh = undefined;
    this.running.forEach((running) => running.cancelReminder?.());
    this.clearStatus();
    this.status = '';
  }

  private startRefreshing(): void {
    if (this.cancelRefresh) return;
    const tick = (): void => {
      this.refresh();
      this.cancelRefresh = this.options.clock.setTimer(this.refreshMs, tick);
    };
    this.cancelRefresh = this.options.clock.setTimer(this.refreshMs, tick);
  }

  private refresh(): void {
    const longest = [...this.running.values()].sort((a, b) => a.at - b.at)[0];
    if (!longest) return;
    const others = this.running.size - 1;
    const text = statusText(longest, this.options.clock.now()) + (others > 0 ? ` (+${others} more running)` : '');
    const width = Math.max(20, (this.options.terminal?.columns ?? 100) - 1);
    const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    if (fitted === this.status) return;
    this.status = fitted;
    this.options.terminal!.write(`${CLEAR_LINE}${fitted}`);
  }

  private remindLater(running: Running): void {
    running.cancelReminder = this.options.clock.setTimer(this.reminderMs, () => {
      if (this.running.get(running.scenario) !== running) return;
      this.options.lines(`  ${statusText(running, this.options.clock.now())}`);
      this.remindLater(running);
    });
  }

  private clearStatus(): void {
    if (this.status !== '') this.options.terminal?.write(CLEAR_LINE);
  }

  private drawStatus(): void {
    if (this.status !== '') this.options.terminal?.write(this.status);
  }
}

/**
 * `http-liveness-rename · step 3/5 expect restarts … >= 1 within 45s (+2 more) · waiting 12s · web-7d9f Running, 0 restarts, Ready`.
 */
export function statusText(running: StepStarted, now: number): string {
  const { step } = running;
  const waited = Math.max(0, Math.floor((now - running.at) / 1000));
  return [
    running.scenario,
    `step ${step.index}/${running.stepCount} ${stepGoal(step)}`,
    `waiting ${waited}s`,
    podsText(running.view()),
  ].join(' · ');
}

/** What the step waits for: its fault, or its first expectation as the engine describes it. */
function stepGoal(step: Step): string {
  if (step.action === 'fault') return `fault ${(step as Step & FaultStep).fault.kind}`;
  const expectations = (step as Step & ExpectStep).expectations;
  const [first] = expectations;
  if (!first) return step.action;
  const more = expectations.length > 1 ? ` (+${expectations.length - 1} more)` : '';
  return `${step.action} ${describeExpectation(first)}${more}`;
}

/** `web-7d9f Running, 0 restarts, Ready`, for the first pods by name. */
function podsText(view: ClusterView): string {
  const pods = view.pods.map((record) => record.pod).sort((a, b) => podName(a).localeCompare(podName(b)));
  if (pods.length === 0) return 'no pods yet';
  const shown = pods.slice(0, PODS_SHOWN).map((pod) => {
    const restarts = (pod.status?.containerStatuses ?? []).reduce((sum, status) => sum + status.restartCount, 0);
    return `${podName(pod)} ${kubectlStatus(pod) || 'Pending'}, ${restarts} restart${restarts === 1 ? '' : 's'}, ${isPodReady(pod) ? 'Ready' : 'NotReady'}`;
  });
  return shown.join('; ') + (pods.length > PODS_SHOWN ? `; +${pods.length - PODS_SHOWN} more pods` : '');
}
