// Timing and peak RSS of a child process, shared by the benchmarks that spawn mlgate and a Python peer.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** GNU time measures the child's ru_maxrss, worker threads included (BENCH_NO_TIME=1 uses the probes). */
export const hasTime = existsSync('/usr/bin/time') && !process.env.BENCH_NO_TIME;

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A `measured(command, args, { env, kind })` that runs a command from `root`, timing its wall clock from
 * spawn to exit, and its peak RSS: GNU time's %M when /usr/bin/time exists, else a probe inside the child
 * (bench/rss-probe.cjs for node, resource.getrusage for Python). `nextFile(name)` names a scratch file.
 */
export function createMeasurer(root, nextFile) {
  return function measured(command, args, { env = process.env, kind } = {}) {
    let file = command;
    let argv = args;
    const rssFile = nextFile('rss.txt');
    if (hasTime) {
      file = '/usr/bin/time';
      argv = ['-f', '%M', '-o', rssFile, command, ...args];
    } else if (kind === 'node') {
      argv = ['-r', join(root, 'bench', 'rss-probe.cjs'), ...args];
    } else if (kind === 'python') {
      const [script, ...rest] = args;
      const wrapper =
        'import resource, runpy, sys\n' +
        `sys.argv = ${JSON.stringify([script, ...rest])}\n` +
        'try:\n' +
        `    runpy.run_path(${JSON.stringify(script)}, run_name="__main__")\n` +
        'finally:\n' +
        '    sys.stderr.write("maxrss_kb=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n';
      argv = ['-c', wrapper];
    }
    const started = performance.now();
    const r = spawnSync(file, argv, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    const ms = performance.now() - started;
    const kb = hasTime
      ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1))
      : Number(/maxrss_kb=(\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN);
    return { ms, rssMb: kb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}
