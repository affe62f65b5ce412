import { resolve } from 'node:path';
import { loadConfig } from '../../core/config/load-config.js';
import { parseSliceOption, parseThresholdLines, splitList } from '../../core/evaluate/option-syntax.js';
import { withBootstrapOverrides } from '../../core/jobs/evaluate-job.js';
import { runMergeJob, type MergeJobRequest } from '../../core/jobs/merge-job.js';
import type { Logger } from '../../core/logger.js';
import type { CliContext } from '../main.js';
import { integerOption, parseCommandArgs } from '../args.js';
import { renderEvaluationText } from '../render-evaluation.js';

export const mergeHelp = `Usage: mlgate merge SHARD [SHARD ...] [options]

Combine the shards of one evaluation (mlgate evaluate --shard I/N) into one result, exactly the
metrics of an unsharded run. A SHARD is a predictions.parquet, a folder holding one (e.g. a downloaded
artifact), or a glob. Every shard 1..N must be there once; shards of another model, data or task are
refused. Scoring (thresholds, bootstrap, slices) is the one the shards recorded unless given here.

Options:
  --threshold SPEC        e.g. "accuracy>=0.9"; repeat for several metrics (replaces the recorded thresholds)
  --slice SPEC            COLUMN, COLUMN:qK or COLUMN:E1,E2 (the column must be sliced in the shards)
  --ci METRIC,...         bootstrap 95% CIs for these metrics
  --bootstrap N           bootstrap resamples (default: as recorded, else 1000)
  --seed N                bootstrap seed (default: as recorded, else 0)
  --config FILE           mlgate.yml; its evaluate section's thresholds, bootstrap and slices
  --out DIR               folder for evaluation.json, evaluation.md, predictions.parquet (default ./mlgate-out)
  --quiet                 print only the verdict line
  -h, --help              show this help

Exit codes: 0 passed, 1 a threshold failed, 2 bad usage, configuration or input, 70 an internal
error (please report it).
`;

export async function mergeCommand(
  argv: string[],
  logger: Logger,
  cwd: string,
  _context: CliContext,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'merge',
    argv,
    {
      threshold: { type: 'string', multiple: true },
      slice: { type: 'string', multiple: true },
      ci: { type: 'string' },
      bootstrap: { type: 'string' },
      seed: { type: 'string' },
      config: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean' },
    },
    { positionals: true },
  );
  if (values.help) {
    process.stdout.write(mergeHelp);
    return 0;
  }
  const request: MergeJobRequest = { inputs: positionals, outDir: values.out ?? 'mlgate-out', cwd };
  if (values.config) {
    const section = (await loadConfig(resolve(cwd, values.config))).evaluate;
    if (section) {
      request.thresholds = section.thresholds;
      request.bootstrap = section.bootstrap;
      request.slices = section.slices;
    }
  }
  if (values.threshold?.length) request.thresholds = parseThresholdLines(values.threshold);
  if (values.slice?.length) request.slices = values.slice.map((s) => parseSliceOption(s));
  request.bootstrap = withBootstrapOverrides(request.bootstrap, {
    ciMetrics: values.ci ? splitList(values.ci) : undefined,
    bootstrap: integerOption('merge', 'bootstrap', values.bootstrap, 10),
    seed: integerOption('merge', 'seed', values.seed, 0),
  });
  const quiet: Logger = { ...logger, info: () => {} };
  const { result, resultPath, predictionsPath } = await runMergeJob(request, values.quiet ? quiet : logger);
  const text = renderEvaluationText(result, resultPath, predictionsPath);
  process.stdout.write(values.quiet ? `${text.split('\n')[0]}\n` : text);
  return result.passed ? 0 : 1;
}
