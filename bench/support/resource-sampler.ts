/** CPU and memory of this process while some work runs: CPU as a share of one core, memory at its peak. */
export interface ResourceUse {
  readonly wallMs: number;
  /** User + system CPU time over wall time: 100 % is one core busy the whole time. */
  readonly cpuPercent: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  readonly startRssMb: number;
}

const MB = 1024 * 1024;

export async function measureResources<T>(work: () => Promise<T>, everyMs = 100): Promise<{ result: T; use: ResourceUse }> {
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sample = (): void => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, everyMs);
  const cpu = process.cpuUsage();
  const began = performance.now();
  try {
    const result = await work();
    sample();
    const wallMs = performance.now() - began;
    const used = process.cpuUsage(cpu);
    return {
      result,
      use: {
        wallMs, cpuPercent: ((used.user + used.system) / 1000 / wallMs) * 100,
        peakRssMb: peakRss / MB, peakHeapMb: peakHeap / MB, startRssMb: start.rss / MB,
      },
    };
  } finally {
    clearInterval(timer);
  }
}
