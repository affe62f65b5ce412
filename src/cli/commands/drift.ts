import { resolve } from 'node:path';
import { ConfigurationError } from '../../core/errors.js';
import { fmt, type DriftMethod } from '../../core/drift/decide.js';
import { parseDriftMethods, parseDriftThresholds, splitNames } from '../../core/drift/options.js';
import {
  driftRequestFromConfig,
  overrideDriftSelection,
  removeStaleDrift,
  runDriftJob,
} from '../../core/jobs/drift-job.js';
import type { Logger } from '../../core/logger.js';
import { loadOrtDependency } from '../../core/model/ort.js';
import { parseExecutionProvider, parseFallback } from '../../core/model/providers.js';
import { cpuOnly } from '../../core/jobs/evaluate-job.js';
import type { CliContext } from '../main.js';
import { enumOption, integerOption, parseCommandArgs } from '../args.js';

export const driftHelp = `Usage: mlgate drift --reference FILE|GLOB --current FILE|GLOB [options]

Compare current data with reference data column by column: two-sample KS, Wasserstein (and normed),
PSI, Jensen–Shannon, chi-square and z-tests, all computed for every column as scipy computes them; a
decision per column (Evidently's default tests, p-values corrected for testing many columns, an
effect-size floor) and for the dataset; data quality changes. Writes drift.json, drift.md and the
self-contained drift.html (histograms per column) to --out.
CSV, TSV, JSON Lines or Parquet (each also .gz); several files or globs per side are read as one.

Options:
  --reference FILE|GLOB   reference data (e.g. the training data); repeat for several
  --reference-from REF    the reference data a registry version recorded: NAME#STAGE (churn#production),
                          NAME@vX.Y.Z or NAME@latest; its files are checked against their sha256
  --registry DIR|github   the registry for --reference-from (default .mlgate/registry)
  --current FILE|GLOB     current data (e.g. recent requests); repeat for several
  --name NAME             what is watched (a model or dataset name), shown in the report
  --columns A,B           test only these columns (default: every column on both sides)
  --exclude A,B           leave these columns out (ids, timestamps)
  --numeric A,B           read these columns as numbers
  --categorical A,B       read these columns as categories (text, booleans, codes)
  --method COL=METHOD[:T] judge a column by ks | wasserstein | psi | jensen_shannon | chi2 | z,
                          optionally with its threshold T; repeat for several columns
  --threshold METHOD=T    distance thresholds: wasserstein (normed, default 0.1), psi (0.1),
                          jensen_shannon (0.1)
  --alpha P               p-value tests drift below P after correction (default 0.05)
  --correction C          benjamini-hochberg (default) | bonferroni | none
  --min-effect X          a p-value test also needs a KS statistic or total variation ≥ X (0.05)
  --min-values N          columns with fewer values on a side are not tested (default 30)
  --small-sample N        p-value tests up to N reference values, distances above (default 1000)
  --drift-share X         dataset drift when this share of tested columns drifted (default 0.5)
  --fail-on-drift B       true (default): exit 1 on dataset drift; false: exit 0 and report it
  --config FILE           mlgate.yml: its drift section gives the data, columns, tests and model
                          (not --fail-on-drift); flags override it

Prediction drift (the model run on both sides on the CPU, as mlgate evaluate feeds it):
  --model M.onnx          compare the model's outputs: P(positive class) and predicted classes
                          (binary), predicted classes (multiclass), predicted values (regression)
  --task T                binary | multiclass | regression (required with --model)
  --label COLUMN          where a side has this column, also the primary metric (binary roc_auc,
                          multiclass accuracy, regression rmse) and its change
  --features A,B          the model's feature columns (default: every column but the label)
  --classes A,B           class names in the order of the model's probability columns
  --positive-class C      binary: the positive class (default: the larger label)
  --execution-provider P  cpu (default) | cuda | tensorrt | auto; the CLI has only the npm package's CPU
                          provider: GPU providers are provisioned by the drift-check action
  --fallback F            none (default) | cpu: run on the CPU when the GPU provider cannot start
  --out DIR               folder for the result files (default ./mlgate-out)
  --quiet                 print only the verdict line
  -h, --help              show this help

Exit codes: 0 no dataset drift (or --fail-on-drift false), 1 dataset drift, 2 bad usage, configuration
or input, 70 an internal error (please report it).
`;

async function cliProvider(provider: string | undefined, fallback: string | undefined, logger: Logger) {
  const requested = provider ? parseExecutionProvider(provider, '--execution-provider') : 'cpu';
  const policy = fallback ? parseFallback(fallback, '--fallback') : 'none';
  return { choice: await cpuOnly(requested, policy, logger), requested, fallback: policy };
}

export async function driftCommand(
  argv: string[],
  logger: Logger,
  cwd: string,
  context: CliContext,
): Promise<number> {
  const { values } = parseCommandArgs('drift', argv, {
    reference: { type: 'string', multiple: true },
    'reference-from': { type: 'string' },
    registry: { type: 'string' },
    current: { type: 'string', multiple: true },
    name: { type: 'string' },
    columns: { type: 'string' },
    exclude: { type: 'string' },
    numeric: { type: 'string' },
    categorical: { type: 'string' },
    method: { type: 'string', multiple: true },
    threshold: { type: 'string', multiple: true },
    alpha: { type: 'string' },
    correction: { type: 'string' },
    'min-effect': { type: 'string' },
    'min-values': { type: 'string' },
    'small-sample': { type: 'string' },
    'drift-share': { type: 'string' },
    'fail-on-drift': { type: 'string' },
    model: { type: 'string' },
    task: { type: 'string' },
    label: { type: 'string' },
    features: { type: 'string' },
    classes: { type: 'string' },
    'positive-class': { type: 'string' },
    'execution-provider': { type: 'string' },
    fallback: { type: 'string' },
    config: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(driftHelp);
    return 0;
  }
  // An old verdict must not outlive a run that stops on a bad option below.
  await removeStaleDrift(cwd, values.out ?? 'mlgate-out');
  const outDir = values.out ?? 'mlgate-out';
  // mlgate.yml's drift section, when given: flags below override what it says.
  const fromConfig = values.config
    ? driftRequestFromConfig(
        await (await import('../../core/config/load-config.js')).loadConfig(resolve(cwd, values.config)),
        { cwd, outDir },
      )
    : undefined;
  const selection = overrideDriftSelection(fromConfig, {
    reference: values.reference,
    current: values.current,
    name: values.name,
    columns: splitNames(values.columns, '--columns'),
    exclude: splitNames(values.exclude, '--exclude'),
    numeric: splitNames(values.numeric, '--numeric'),
    categorical: splitNames(values.categorical, '--categorical'),
    policy: {
      alpha: fraction(values.alpha, '--alpha'),
      correction: enumOption('drift', 'correction', values.correction, [
        'benjamini-hochberg',
        'bonferroni',
        'none',
      ] as const),
      min_effect: fraction(values['min-effect'], '--min-effect'),
      min_values: integerOption('drift', 'min-values', values['min-values'], 1),
      small_sample: integerOption('drift', 'small-sample', values['small-sample'], 1),
      drift_share: fraction(values['drift-share'], '--drift-share'),
      thresholds: parseDriftThresholds(values.threshold ?? [], '--threshold'),
      methods: parseDriftMethods(values.method ?? [], '--method'),
    },
  });
  let { reference } = selection;
  const { current } = selection;
  let referenceFrom: { ref: string; tag: string } | undefined;
  if (values['reference-from'] !== undefined) {
    if (values.reference?.length) {
      throw new ConfigurationError('--reference and --reference-from exclude each other: give one.');
    }
    const { parseRegistryRef, referenceDataOf, describeRef } =
      await import('../../core/registry/reference.js');
    const ref = parseRegistryRef(values['reference-from'], '--reference-from');
    const store = await (await import('../registry-store.js')).openCliStore(values.registry, cwd, logger);
    const found = await referenceDataOf(store, ref, cwd);
    reference = found.paths;
    referenceFrom = { ref: describeRef(ref), tag: found.manifest.tag };
    if (!values.quiet)
      logger.info(
        `Reference data of ${found.manifest.tag} (${describeRef(ref)}): ${found.paths.length} file(s), sha256 verified.`,
      );
  } else if (values.registry !== undefined) {
    throw new ConfigurationError('--registry is for --reference-from. Run "mlgate drift --help".');
  }
  if (!reference?.length) {
    throw new ConfigurationError('--reference (or --reference-from) is required. Run "mlgate drift --help".');
  }
  if (!current?.length) throw new ConfigurationError('--current is required. Run "mlgate drift --help".');
  const failOnDrift = enumOption('drift', 'fail-on-drift', values['fail-on-drift'], [
    'true',
    'false',
  ] as const);
  const task =
    enumOption('drift', 'task', values.task, ['binary', 'multiclass', 'regression'] as const) ??
    (values.model ? undefined : fromConfig?.model?.task);
  if (values.model && !task) {
    throw new ConfigurationError('--task is required with --model. Run "mlgate drift --help".');
  }
  for (const flag of [
    'task',
    'label',
    'features',
    'classes',
    'positive-class',
    'execution-provider',
    'fallback',
  ] as const) {
    if (values[flag] !== undefined && !values.model && !fromConfig?.model) {
      throw new ConfigurationError(`--${flag} needs --model (prediction drift). Run "mlgate drift --help".`);
    }
  }
  const configured = fromConfig?.model;
  const model =
    values.model || configured
      ? {
          ort: await loadOrtDependency(),
          modelPath: values.model ?? configured!.modelPath,
          task: task!,
          label: values.label ?? configured?.label,
          features: splitNames(values.features, '--features') ?? configured?.features,
          classes: splitNames(values.classes, '--classes') ?? configured?.classes,
          positive: values['positive-class'] ?? configured?.positive,
          provider: await cliProvider(values['execution-provider'], values.fallback, logger),
        }
      : undefined;
  const { result, resultPath } = await runDriftJob(
    {
      cwd,
      outDir,
      ...selection,
      reference,
      referenceFrom,
      current,
      model,
      // MLGATE_WORKERS=1 keeps everything on this thread, as for validate and evaluate.
      columnWorkerUrl: process.env.MLGATE_WORKERS === '1' ? undefined : context.driftWorkerUrl,
      readerWorkerUrl: process.env.MLGATE_WORKERS === '1' ? undefined : context.driftReaderUrl,
    },
    values.quiet ? { ...logger, info: () => {} } : logger,
  );
  const verdict = result.dataset_drift ? 'DRIFT' : 'no drift';
  const lines = [
    `mlgate drift: ${verdict}: ${result.summary.because}${result.drifted_columns.length ? `; drifted: ${result.drifted_columns.join(', ')}` : ''}`,
  ];
  if (!values.quiet) {
    for (const [name, c] of Object.entries(result.columns)) {
      const mark = c.drifted ? 'DRIFT' : c.score === null ? 'n/t  ' : 'ok   ';
      lines.push(
        `  ${mark} ${name} (${c.type}, ${c.method ?? '—'} ${c.score === null ? 'n/a' : fmt(c.p_value_adjusted ?? c.score)}): ${c.because}`,
      );
    }
    for (const [name, why] of Object.entries(result.not_tested)) lines.push(`  n/t   ${name}: ${why}`);
    const p = result.prediction_drift;
    if (p) {
      lines.push(`Model outputs (${p.model.path}): ${p.drifted ? 'DRIFT' : 'no drift'}`);
      for (const c of [p.score, p.classes])
        if (c) lines.push(`  ${c.drifted ? 'DRIFT' : 'ok   '} ${c.because}`);
      if (p.metric) lines.push(`  ${p.metric.name}: ${fmt(p.metric.reference)} → ${fmt(p.metric.current)}`);
    }
    lines.push(`Result: ${resultPath}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.dataset_drift && failOnDrift !== 'false' ? 1 : 0;
}

function fraction(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new ConfigurationError(`${flag} must be a number; got "${value}".`);
  }
  return n;
}

export type { DriftMethod };
