import { Writable } from 'node:stream';
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
import type { ExecRequest, ExecResult } from './cluster-access.js';

/**
 * The command's session ended without the exit status the API server sends on channel 3
 * (the container died under it, or the connection dropped). Its outcome is unknown.
 */
export class ExecIncompleteError extends Error {
  override readonly name = 'ExecIncompleteError';
}

export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

/**
 * Runs a command over client-node's Exec websocket and resolves when the socket closes, not when
 * it opens (client-node #704). The exit status comes from the V1Status on channel 3; a session
 * that closes without one is an ExecIncompleteError (client-node #714), never a success.
 * Rejects with client-node's error when the upgrade is refused (e.g. 403, 404).
 */
export async function execCommand(kubeConfig: KubeConfig, request: ExecRequest): Promise<ExecResult> {
  const stdout = collector();
  const stderr = collector();
  let status: V1Status | undefined;
  // Loaded here, not at the top: faults import ExecIncompleteError, and `faultline validate` loads
  // every fault without ever running one (client-node takes over half a second to import).
  const { Exec } = await import('@kubernetes/client-node');
  const socket = await new Exec(kubeConfig).exec(
    request.namespace, request.pod, request.container ?? '', [...request.command],
    stdout.stream, stderr.stream, null, false, (received) => { status = received; },
  );
  if (request.signal?.aborted) {
    // Aborted while connecting: the abort listener below would never fire.
    socket.terminate();
    throw request.signal.reason;
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const where = request.container === undefined ? `pod ${request.pod}` : `${request.pod}/${request.container}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new ExecIncompleteError(`exec ${JSON.stringify(request.command)} in ${where} did not finish within ${timeoutMs / 1000}s`));
    }, timeoutMs);
    const onAbort = (): void => { clearTimeout(timer); socket.terminate(); reject(request.signal?.reason); };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const onClose = (): void => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    if (socket.readyState === socket.CLOSED) onClose();
    else socket.on('close', onClose);
  });
  if (status === undefined) {
    throw new ExecIncompleteError(`exec ${JSON.stringify(request.command)} in ${where} ended without an exit status (the container may have stopped, or the connection dropped)`);
  }
  return { exitCode: exitCodeOf(status), stdout: stdout.text(), stderr: stderr.text() };
}

/** Success → 0; NonZeroExitCode → the code in details.causes; any other failure is an error. */
function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (status.reason === 'NonZeroExitCode' && cause?.message !== undefined) return Number(cause.message);
  throw new Error(`exec failed: ${status.message ?? JSON.stringify(status)}`);
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
