// Preloaded with `node -r` by bench/run.mjs: reports the process's peak RSS (worker threads included).
process.on('exit', () => process.stderr.write(`maxrss_kb=${process.resourceUsage().maxRSS}\n`));
