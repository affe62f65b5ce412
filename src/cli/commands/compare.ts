import { resolve } from 'node:path';
import { ConfigurationError } from '../../core/errors.js';
import { parsePolicyRule } from '../../core/compare/policy.js';
import { runCompareJob, type BaselineRequest } from '../../core/jobs/compare-job.js';
import type { Logger } from '../../core/logger.js';
import { loadOrtDependency } from '../../core/model/ort.js';
import { enumOption, integerOption, parseCommandArgs, requireOption } from '../args.js';
import { parseThresholdLines } from '../../core/evaluate/option-syntax.js';

export const compareHelp = `Usage: mlgate compare --candidate M.onnx --baseline B.onnx --data FILE --task T --label COLUMN [options]

Compare a candidate model with its baseline on the same rows: both run in this process on --data, their
predictions paired by row; every metric of both, the change with its paired bootstrap 95% CI, McNemar
(exact binomial and continuity-corrected chi-square; b = baseline right and candidate wrong), DeLong for
binary ROC AUC, Wilcoxon signed-rank on absolute errors (regression), the latency ratio measured
interleaved, and signature compatibility. The verdict (pass, fail, inconclusive) follows the policy;
by default: no regression on the primary metric (binary roc_auc, multiclass accuracy, regression rmse)
with margin 0, judged on the CI: fail when the whole CI is worse, pass when none of it is, inconclusive
when it straddles. Writes comparison.json to --out.

Baseline (one of):
  --baseline B.onnx        another ONNX model (paired)
  --baseline-from REF      a registry version: NAME#STAGE (churn#production), NAME@vX.Y.Z or NAME@latest;
                           its model is fetched and verified by sha256 (paired)
  --registry DIR|github    the registry for --baseline-from (default .mlgate/registry)
  --baseline-results FILE  the baseline's stored evaluation.json: metrics only, unpaired (said so)
  --no-baseline            bootstrap mode: no baseline, the candidate's --threshold rules only

Options:
  --candidate M.onnx       the candidate model
  --data FILE              labelled data (CSV, TSV, JSON Lines, Parquet)
  --task T                 binary | multiclass | regression
  --label COLUMN           the label column
  --rule METRIC:K=V[,K=V]  a comparison rule, repeatable: margin (non-inferiority on the CI),
                           min_absolute_change, min_relative_change (MLflow's semantics), e.g.
                           roc_auc:margin=0.005  accuracy:min_absolute_change=0.01
  --signature fail|warn    a breaking signature change fails (default) or is only reported
  --max-latency-ratio X    fail when the candidate's p95 latency is above X times the baseline's
  --no-latency             do not measure the latency ratio
  --threshold "M>=V"       the candidate's own value thresholds (as mlgate evaluate), repeatable
  --resamples N            bootstrap resamples (default 1000)
  --seed N                 bootstrap seed (default 0)
  --shadow FILE            unlabelled recent data: agreement rate, score shift, rows that disagree most
  --classes A,B            class names in the order of the probability columns
  --positive-class C       binary: the positive class
  --features A,B           the feature columns (default: every column but the label)
  --input-mode M           auto (default) | tensor | per-column, as mlgate evaluate
  --probabilities NAME     the output holding probabilities (both models; default: detected)
  --label-output NAME      the output holding predicted labels
  --output NAME            regression: the output holding the predicted value
  --transform T            none (default) | softmax | sigmoid for models that output logits
  --baseline-transform T   the baseline's, when it differs from the candidate's
  --baseline-probabilities NAME  the baseline's probability output, when it differs
  --exclude A,B            columns that are not features (ids)
  --fail-on V              fail (default): exit 1 on fail; inconclusive: also on inconclusive; never
  --config FILE            mlgate.yml: its compare section (the baseline, rules, …) over its evaluate
                           section (the candidate, data, task, label, outputs); --out, --fail-on and the
                           baseline flags override it
  --out DIR                folder for comparison.json (default ./mlgate-out)
  -h, --help               show this help

Exit codes: 0 the verdict does not meet --fail-on, 1 it does, 2 bad usage or input, 70 an internal error.
`;

function split(value: string | undefined, flag: string): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new ConfigurationError(`${flag} is empty; give names separated by commas.`);
  return parts;
}

export async function compareCommand(argv: string[], logger: Logger, cwd: string): Promise<number> {
  const { values } = parseCommandArgs('compare', argv, {
    candidate: { type: 'string' },
    baseline: { type: 'string' },
    'baseline-from': { type: 'string' },
    registry: { type: 'string' },
    'baseline-results': { type: 'string' },
    'no-baseline': { type: 'boolean' },
    data: { type: 'string' },
    task: { type: 'string' },
    label: { type: 'string' },
    rule: { type: 'string', multiple: true },
    signature: { type: 'string' },
    'max-latency-ratio': { type: 'string' },
    'no-latency': { type: 'boolean' },
    threshold: { type: 'string', multiple: true },
    resamples: { type: 'string' },
    seed: { type: 'string' },
    shadow: { type: 'string' },
    classes: { type: 'string' },
    'positive-class': { type: 'string' },
    features: { type: 'string' },
    exclude: { type: 'string' },
    'input-mode': { type: 'string' },
    probabilities: { type: 'string' },
    'label-output': { type: 'string' },
    output: { type: 'string' },
    transform: { type: 'string' },
    'baseline-transform': { type: 'string' },
    'baseline-probabilities': { type: 'string' },
    'fail-on': { type: 'string' },
    config: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(compareHelp);
    return 0;
  }
  if (values.config !== undefined) return compareFromConfig(values, logger, cwd);
  const candidate = requireOption('compare', 'candidate', values.candidate);
  const data = requireOption('compare', 'data', values.data);
  const task = enumOption('compare', 'task', requireOption('compare', 'task', values.task), [
    'binary',
    'multiclass',
    'regression',
  ] as const)!;
  const label = requireOption('compare', 'label', values.label);
  const given = (['baseline', 'baseline-from', 'baseline-results', 'no-baseline'] as const).filter(
    (k) => values[k] !== undefined && values[k] !== false,
  );
  if (given.length !== 1) {
    throw new ConfigurationError(
      given.length === 0
        ? 'Give a baseline: --baseline B.onnx, --baseline-from NAME#STAGE, --baseline-results evaluation.json or --no-baseline. Run "mlgate compare --help".'
        : `--${given.join(' and --')} exclude each other: give one baseline.`,
    );
  }
  if (values.registry !== undefined && values['baseline-from'] === undefined) {
    throw new ConfigurationError('--registry is for --baseline-from. Run "mlgate compare --help".');
  }
  const outDir = values.out ?? 'mlgate-out';
  let baseline: BaselineRequest;
  if (values.baseline !== undefined) baseline = { kind: 'model', path: values.baseline };
  else if (values['baseline-results'] !== undefined)
    baseline = { kind: 'results', path: values['baseline-results'] };
  else if (values['no-baseline']) baseline = { kind: 'none' };
  else
    baseline = await cliRegistryBaseline(
      values['baseline-from']!,
      values.registry,
      '--baseline-from',
      cwd,
      outDir,
      logger,
    );
  const maxRatio = values['max-latency-ratio'];
  const ratio = maxRatio === undefined ? undefined : Number(maxRatio);
  if (ratio !== undefined && !(Number.isFinite(ratio) && ratio > 0)) {
    throw new ConfigurationError(`--max-latency-ratio must be a number > 0; got "${maxRatio}".`);
  }
  const transforms = ['none', 'softmax', 'sigmoid'] as const;
  const outputs = {
    ...(values.probabilities ? { probabilities: values.probabilities } : {}),
    ...(values['label-output'] ? { label: values['label-output'] } : {}),
    ...(values.output ? { value: values.output } : {}),
    ...(values.transform
      ? { transform: enumOption('compare', 'transform', values.transform, transforms) }
      : {}),
  };
  const baselineOutputs =
    values['baseline-transform'] || values['baseline-probabilities']
      ? {
          ...outputs,
          ...(values['baseline-probabilities'] ? { probabilities: values['baseline-probabilities'] } : {}),
          ...(values['baseline-transform']
            ? {
                transform: enumOption(
                  'compare',
                  'baseline-transform',
                  values['baseline-transform'],
                  transforms,
                ),
              }
            : {}),
        }
      : undefined;
  const failOn =
    enumOption('compare', 'fail-on', values['fail-on'], ['fail', 'inconclusive', 'never'] as const) ?? 'fail';
  const { result, resultPath } = await runCompareJob(
    {
      cwd,
      outDir,
      candidatePath: candidate,
      baseline,
      dataPath: data,
      task,
      label,
      classes: split(values.classes, '--classes'),
      positiveClass: values['positive-class'],
      features: split(values.features, '--features'),
      exclude: split(values.exclude, '--exclude'),
      inputMode: enumOption('compare', 'input-mode', values['input-mode'], [
        'auto',
        'tensor',
        'per-column',
      ] as const),
      outputs: Object.keys(outputs).length ? outputs : undefined,
      baselineOutputs,
      rules: (values.rule ?? []).map((r) => parsePolicyRule(r, task, '--rule')),
      rulesSource: 'inputs',
      signature: enumOption('compare', 'signature', values.signature, ['fail', 'warn'] as const),
      maxLatencyRatio: ratio,
      latency: !values['no-latency'],
      thresholds: values.threshold?.length ? parseThresholdLines(values.threshold) : undefined,
      bootstrap: {
        resamples: integerOption('compare', 'resamples', values.resamples, 10),
        seed: integerOption('compare', 'seed', values.seed, 0),
      },
      shadowPath: values.shadow,
    },
    { ort: await loadOrtDependency(), logger },
  );
  return report(result, resultPath, failOn, logger);
}

function describeBaseline(b: import('../../core/compare/result.js').BaselineSource): string {
  switch (b.kind) {
    case 'model':
      return b.path;
    case 'registry':
      return `${b.tag} (${b.ref})`;
    case 'results':
      return `stored results ${b.path}`;
    default:
      return 'no baseline';
  }
}

function report(
  result: import('../../core/compare/result.js').ComparisonResult,
  resultPath: string,
  failOn: 'fail' | 'inconclusive' | 'never',
  logger: Logger,
): number {
  const mark = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' }[result.verdict];
  logger.info(
    `mlgate compare: ${mark} (${result.mode}, ${result.rows} rows, ${result.candidate.path} vs ${describeBaseline(result.baseline)})`,
  );
  for (const reason of result.reasons) logger.info(`  ${reason}`);
  const m = result.tests.mcnemar;
  if (m) {
    logger.info(
      `  McNemar: b = ${m.b}, c = ${m.c}, exact p = ${m.exact_p_value.toPrecision(4)}, χ² p = ${m.p_value.toPrecision(4)}`,
    );
  }
  if (result.latency) {
    logger.info(
      `  latency p95: ${result.latency.candidate.p95_ms} ms vs ${result.latency.baseline.p95_ms} ms (ratio ${result.latency.ratio_p95})`,
    );
  }
  logger.info(`Result: ${resultPath}`);
  const failing =
    failOn !== 'never' &&
    (result.verdict === 'fail' || (failOn === 'inconclusive' && result.verdict === 'inconclusive'));
  return failing ? 1 : 0;
}

type CompareValues = ReturnType<typeof parseCommandArgs>['values'] &
  Record<string, string | boolean | string[] | undefined>;

/** `mlgate compare --config mlgate.yml`: the compare section over the evaluate section; a few flags override. */
async function compareFromConfig(values: CompareValues, logger: Logger, cwd: string): Promise<number> {
  const allowed = new Set([
    'config',
    'out',
    'fail-on',
    'baseline',
    'baseline-from',
    'registry',
    'baseline-results',
    'no-baseline',
    'rule',
    'resamples',
    'seed',
    'help',
  ]);
  const extra = Object.keys(values).filter((k) => values[k] !== undefined && !allowed.has(k));
  if (extra.length > 0) {
    throw new ConfigurationError(
      `--${extra.join(', --')} cannot be combined with --config: the config's evaluate section gives the model facts (only --out, --fail-on, the baseline flags, --rule, --resamples and --seed override it).`,
    );
  }
  const { loadConfig } = await import('../../core/config/load-config.js');
  const { compareRequestFromConfig } = await import('../../core/jobs/compare-job.js');
  const config = await loadConfig(resolve(cwd, values.config as string));
  const outDir = (values.out as string | undefined) ?? 'mlgate-out';
  const built = compareRequestFromConfig(config, { cwd, outDir });
  const flagBaselines = (['baseline', 'baseline-from', 'baseline-results', 'no-baseline'] as const).filter(
    (k) => values[k] !== undefined && values[k] !== false,
  );
  if (flagBaselines.length > 1) {
    throw new ConfigurationError(`--${flagBaselines.join(' and --')} exclude each other: give one baseline.`);
  }
  let configured = built.baseline;
  if (values.baseline !== undefined) configured = { kind: 'model', path: values.baseline as string };
  else if (values['baseline-results'] !== undefined)
    configured = { kind: 'results', path: values['baseline-results'] as string };
  else if (values['no-baseline']) configured = { kind: 'none' };
  else if (values['baseline-from'] !== undefined) {
    configured = {
      kind: 'registry-ref',
      ref: values['baseline-from'] as string,
      // The file's registry still applies when only the ref is given on the command line.
      registry: (values.registry as string | undefined) ?? config.compare?.registry,
    };
  } else if (values.registry !== undefined) {
    if (configured.kind !== 'registry-ref') {
      throw new ConfigurationError(
        `--registry is for a registry baseline, and ${values.config}'s compare section names none (give --baseline-from, or drop --registry).`,
      );
    }
    configured = { ...configured, registry: values.registry as string };
  }
  const baseline: BaselineRequest =
    configured.kind === 'registry-ref'
      ? await cliRegistryBaseline(
          configured.ref,
          configured.registry,
          values['baseline-from'] !== undefined
            ? '--baseline-from'
            : `${values.config as string}: compare.baseline-from`,
          cwd,
          outDir,
          logger,
        )
      : configured;
  const rules = (values.rule as string[] | undefined)?.map((r) =>
    parsePolicyRule(r, built.request.task, '--rule'),
  );
  const failOn =
    enumOption(
      'compare',
      'fail-on',
      values['fail-on'] as string | undefined,
      ['fail', 'inconclusive', 'never'] as const,
    ) ?? built.failOn;
  const { result, resultPath } = await runCompareJob(
    {
      ...built.request,
      baseline,
      // Bootstrap mode judges the evaluate section's thresholds, whoever chose it (the file or --no-baseline).
      thresholds: baseline.kind === 'none' ? built.thresholds : undefined,
      ...(rules?.length ? { rules, rulesSource: 'inputs' as const } : {}),
      bootstrap: {
        resamples:
          integerOption('compare', 'resamples', values.resamples as string | undefined, 10) ??
          built.request.bootstrap?.resamples,
        seed:
          integerOption('compare', 'seed', values.seed as string | undefined, 0) ??
          built.request.bootstrap?.seed,
      },
    },
    { ort: await loadOrtDependency(), logger },
  );
  return report(result, resultPath, failOn, logger);
}

/** --baseline-from on the CLI: the local registry (or --registry github inside Actions). */
async function cliRegistryBaseline(
  text: string,
  registry: string | undefined,
  where: string,
  cwd: string,
  outDir: string,
  logger: Logger,
): Promise<BaselineRequest> {
  const { parseRegistryRef, fetchRegistryBaseline } = await import('../../core/registry/reference.js');
  const ref = parseRegistryRef(text, where);
  const store = await (await import('../registry-store.js')).openCliStore(registry, cwd, logger);
  return fetchRegistryBaseline(store, ref, resolve(cwd, outDir, 'baseline'), logger);
}
