/**
 * Interrupts for long commands, the same whether they reach node or `npm run`. SIGINT, SIGTERM
 * and SIGHUP abort the run cleanly (finished folds are kept for --resume, no result is written);
 * a second one exits at once. npm does not pass SIGTERM or SIGHUP on to its child: it exits and
 * node is re-parented. So node also watches its parent, and stops the same way when the parent
 * goes away. Messages never crash a process whose terminal or pipe is gone.
 */
import { readFileSync } from 'node:fs';
import { EXIT } from './main.ts';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How often the parent is checked; an orphaned run stops within about this long. */
const PARENT_POLL_MS = 500;

function say(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // The terminal or pipe went away with the parent; the checkpoint still says what was done.
  }
}

/**
 * Whether the process that started us is gone. `process.ppid` is fixed at start-up in Node 20,
 * so on Linux the live parent comes from /proc; elsewhere, whether the first parent still exists.
 */
function parentGone(parent: number): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== parent;
  } catch {
    try {
      process.kill(parent, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
}

/** An AbortSignal fired by the first interrupt (signal or parent gone); the second exits with 130. */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  process.stderr.on('error', () => undefined); // EPIPE/EIO once the reader is gone
  process.stdout.on('error', () => undefined);
  const stop = (why: string) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    say(`\n${why}: interrupted, stopping; finished folds are kept. Rerun the same command with --resume to continue (Ctrl-C again quits at once).\n`);
    controller.abort();
  };
  for (const sig of SIGNALS) process.on(sig, () => stop(sig));
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (parentGone(parent)) {
      clearInterval(timer);
      stop(`the parent process (${parent}, e.g. npm) went away`);
    }
  }, PARENT_POLL_MS);
  timer.unref();
  return controller.signal;
}
