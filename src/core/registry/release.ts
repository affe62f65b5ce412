/**
 * Recording a model version: the version number (explicit, a bump, or `auto` from the signature), the
 * manifest, the model card, then the store's all-or-nothing publish. A model that is already recorded
 * is found by its sha256, so a rerun records nothing new.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { readOnnxModelInfo } from '../model/onnx-file.js';
import { checkAssetSize, digestUserFile } from './digest.js';
import { renderModelCard } from './model-card.js';
import { checkModelName, versionTag } from './names.js';
import {
  bumpVersion,
  compareSemver,
  compareVersions,
  formatSemver,
  parseSemver,
  parseVersionInput,
} from './semver.js';
import { compareSignatures, signatureFromOnnx } from './signature-compat.js';
import type {
  BumpKind,
  CardSection,
  FileDigest,
  Manifest,
  PublishOutcome,
  RegistryStore,
  VersionAsset,
  Verdict,
} from './types.js';

export type BumpRequest = BumpKind | 'auto';

/** A config larger than this is recorded by its digest only. */
const MAX_CONFIG_TEXT = 256 * 1024;

export interface ReleaseRequest {
  name: string;
  modelPath: string;
  /** An explicit version wins over `bump`. */
  version?: string;
  /** Default `auto`: major when the signature breaks callers of the latest version, else minor. */
  bump?: BumpRequest;
  evaluationPath?: string;
  comparisonPath?: string;
  dataPaths?: string[];
  /** The version's reference (training) data, for drift-check. */
  referenceDataPaths?: string[];
  configPath?: string;
  cardSections?: CardSection[];
}

export interface ReleaseContext {
  cwd: string;
  /** Where manifest.json and model-card.md are written before they are stored. */
  workDir: string;
  repository: string | null;
  commit: string | null;
  ref: string | null;
  runUrl: string | null;
  now: () => Date;
}

export interface ReleaseOutcome {
  outcome: PublishOutcome;
  manifest: Manifest;
  /** The latest version before this one (semver), if any. */
  previous: string | null;
  /** The files stored, as the artifact upload needs them. */
  assets: VersionAsset[];
}

interface EvaluationFile {
  task?: unknown;
  passed?: unknown;
  rows?: unknown;
  metrics?: unknown;
  model?: { sha256?: unknown };
  mapping?: { classes?: unknown };
  runtime?: { ort_version?: unknown } | null;
  data?: { path?: unknown };
}

interface ComparisonFile {
  verdict?: unknown;
  baseline?: unknown;
  candidate?: { sha256?: unknown };
}

const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'inconclusive'];

async function readJson<T>(
  path: string,
  what: string,
  asset: VersionAsset['name'],
): Promise<{ value: T; digest: FileDigest }> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  // Before hashing or parsing: a file GitHub would refuse as an asset is refused here, whole.
  checkAssetSize(asset, path, size);
  const digest = await digestUserFile(path, what);
  let value: T;
  try {
    value = JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    throw new ConfigurationError(`${what} ${path}: is not valid JSON (${getErrorMessage(error)}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(`${what} ${path}: expected a JSON object as mlgate writes it.`);
  }
  return { value, digest };
}

function scalarMetrics(metrics: unknown): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (typeof metrics !== 'object' || metrics === null) return out;
  for (const [key, value] of Object.entries(metrics as Record<string, unknown>)) {
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
    else if (value === null) out[key] = null;
    // Matrices and per-class tables stay in evaluation.json.
  }
  return out;
}

function baselineName(baseline: unknown): string | null {
  if (typeof baseline === 'string') return baseline;
  if (typeof baseline === 'object' && baseline !== null) {
    const b = baseline as Record<string, unknown>;
    if (typeof b.name === 'string' && typeof b.version === 'string') return versionTag(b.name, b.version);
    for (const key of ['tag', 'label', 'path']) if (typeof b[key] === 'string') return b[key] as string;
  }
  return null;
}

/** A path as shown in the manifest: relative to the working directory when inside it. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}

export async function recordRelease(
  store: RegistryStore,
  request: ReleaseRequest,
  context: ReleaseContext,
  logger: Logger,
): Promise<ReleaseOutcome> {
  const name = checkModelName(request.name, 'name');
  const explicit = request.version !== undefined ? parseVersionInput(request.version, 'version') : undefined;
  const bump = request.bump ?? 'auto';
  if (!['auto', 'major', 'minor', 'patch'].includes(bump)) {
    throw new ConfigurationError(`bump: "${bump}" is not one of auto, major, minor, patch.`);
  }
  const modelPath = request.modelPath;
  const info = await readOnnxModelInfo(modelPath);
  checkAssetSize('model.onnx', modelPath, info.sizeBytes);

  const evaluation = request.evaluationPath
    ? await readJson<EvaluationFile>(request.evaluationPath, 'evaluation', 'evaluation.json')
    : undefined;
  const comparison = request.comparisonPath
    ? await readJson<ComparisonFile>(request.comparisonPath, 'comparison', 'comparison.json')
    : undefined;
  const evaluatedSha = evaluation?.value.model?.sha256;
  if (typeof evaluatedSha === 'string' && evaluatedSha !== info.sha256) {
    throw new ConfigurationError(
      `evaluation ${request.evaluationPath}: evaluated a model with sha256 ${evaluatedSha}, not ${modelPath} ` +
        `(${info.sha256}); record the model that was evaluated.`,
    );
  }
  const comparedSha = comparison?.value.candidate?.sha256;
  if (typeof comparedSha === 'string' && comparedSha !== info.sha256) {
    throw new ConfigurationError(
      `comparison ${request.comparisonPath}: compared a candidate with sha256 ${comparedSha}, not ${modelPath} (${info.sha256}).`,
    );
  }
  const comparisonVerdict = comparison?.value.verdict;
  if (comparison && !VERDICTS.includes(comparisonVerdict as Verdict)) {
    throw new ConfigurationError(
      `comparison ${request.comparisonPath}: "verdict" is ${JSON.stringify(comparisonVerdict)}; expected pass, fail or inconclusive.`,
    );
  }
  const data: FileDigest[] = [];
  for (const path of request.dataPaths ?? []) {
    const d = await digestUserFile(path, 'data');
    data.push({ path: shownPath(path, context.cwd), sha256: d.sha256, size_bytes: d.size_bytes });
  }
  const referenceData: FileDigest[] = [];
  for (const path of request.referenceDataPaths ?? []) {
    const d = await digestUserFile(path, 'reference data');
    referenceData.push({ path: shownPath(path, context.cwd), sha256: d.sha256, size_bytes: d.size_bytes });
  }
  const config = request.configPath ? await digestUserFile(request.configPath, 'config') : undefined;

  // Which version: a rerun finds the model already recorded; else the bump from the latest version.
  const existing = await store.listVersions(name);
  const latest = existing.at(-1);
  if (!explicit) {
    const same = existing.find((v) => v.sha256 === info.sha256);
    if (same) {
      logger.info(`${same.tag} already holds this model (sha256 ${info.sha256}): nothing to record.`);
      const manifest = await requireManifest(store, name, same.version, same.tag);
      return { outcome: 'unchanged', manifest, previous: previousOf(existing, same.version), assets: [] };
    }
  }
  const classes = Array.isArray(evaluation?.value.mapping?.classes)
    ? (evaluation!.value.mapping!.classes as unknown[]).map(String)
    : undefined;
  const signature = signatureFromOnnx(info, classes);
  let breaking: string[] = [];
  let kind: Manifest['bump']['kind'];
  let version: string;
  if (explicit) {
    version = formatSemver(explicit);
    kind = 'explicit';
    if (latest) {
      const previous = await store.readManifest(name, latest.version);
      if (previous) breaking = compareSignatures(previous.model.signature, signature).breaking;
      else logger.warning(`${latest.tag} has no readable manifest.json: its signature is not compared.`);
    }
  } else {
    let chosen: BumpKind = bump === 'auto' ? 'minor' : bump;
    if (latest) {
      // Without the latest version's manifest a bump cannot know whether the signature broke.
      const previous = await requireManifest(store, name, latest.version, latest.tag);
      breaking = compareSignatures(previous.model.signature, signature).breaking;
      if (bump === 'auto' && breaking.length > 0) chosen = 'major';
    }
    kind = chosen;
    version = formatSemver(bumpVersion(latest ? parseSemver(latest.version) : undefined, chosen));
  }

  const evaluationPassed = evaluation ? evaluation.value.passed === true : undefined;
  const verdict: Verdict | null = comparison
    ? (comparisonVerdict as Verdict)
    : evaluationPassed === undefined
      ? null
      : evaluationPassed
        ? 'pass'
        : 'fail';
  const task = evaluation?.value.task;
  const ortVersion = evaluation?.value.runtime?.ort_version;
  const manifest: Manifest = {
    schemaVersion: 1,
    name,
    version,
    tag: versionTag(name, version),
    model: {
      file: 'model.onnx',
      sha256: info.sha256,
      size_bytes: info.sizeBytes,
      ir_version: info.irVersion,
      opsets: info.opsets,
      producer: { name: info.producerName, version: info.producerVersion },
      graph_name: info.graphName,
      metadata: info.metadata,
      signature,
    },
    task: task === 'binary' || task === 'multiclass' || task === 'regression' ? task : null,
    metrics: scalarMetrics(evaluation?.value.metrics),
    evaluation: evaluation
      ? {
          file: 'evaluation.json',
          sha256: evaluation.digest.sha256,
          passed: evaluationPassed === true,
          rows: typeof evaluation.value.rows === 'number' ? evaluation.value.rows : 0,
        }
      : null,
    comparison: comparison
      ? {
          file: 'comparison.json',
          sha256: comparison.digest.sha256,
          verdict: comparisonVerdict as Verdict,
          baseline: baselineName(comparison.value.baseline),
        }
      : null,
    verdict,
    data,
    reference_data: referenceData,
    config: config
      ? {
          path: shownPath(config.path, context.cwd),
          sha256: config.sha256,
          size_bytes: config.size_bytes,
          // The config itself, so the version says how it was evaluated (mlgate.yml files are small).
          ...(config.size_bytes <= MAX_CONFIG_TEXT ? { content: await readFile(config.path, 'utf8') } : {}),
        }
      : null,
    git: { repository: context.repository, commit: context.commit, ref: context.ref },
    workflow_run_url: context.runUrl,
    onnxruntime_version: typeof ortVersion === 'string' ? ortVersion : null,
    created_at: context.now().toISOString(),
    bump: { kind, from: latest?.version ?? null, breaking_changes: breaking },
    card_sections: request.cardSections ?? [],
  };
  if (explicit) {
    // 1.0.0+a and 1.0.0+b are one version by precedence (build metadata does not count): not a way round.
    const twin = existing.find((v) => v.version !== version && compareVersions(v.version, version) === 0);
    if (twin) {
      throw new ConfigurationError(
        `version ${version} has the same precedence as the recorded ${twin.version} (build metadata does not count in semver); versions are immutable: choose another version.`,
      );
    }
    const held = existing.find((v) => v.version === version);
    if (held && held.sha256 !== info.sha256) {
      throw new ConfigurationError(
        `${manifest.tag} already exists in ${store.description} with another model (sha256 ${held.sha256}, ` +
          `this one is ${info.sha256}); versions are immutable. Record this model under a new version` +
          `${latest ? ` (the latest is ${latest.version})` : ''}.`,
      );
    }
  }
  if (explicit && latest && compareSemver(explicit, parseSemver(latest.version)!) < 0) {
    logger.info(
      `${versionTag(name, version)} is lower than the latest version ${latest.version}: recorded as asked.`,
    );
  }
  const card = renderModelCard(manifest);
  await mkdir(context.workDir, { recursive: true });
  const manifestPath = join(context.workDir, 'manifest.json');
  const cardPath = join(context.workDir, 'model-card.md');
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(manifestPath, manifestText);
  await writeFile(cardPath, card.markdown);
  const assets: VersionAsset[] = [];
  // Every digest is known here: the model's and the results' were taken when they were read, and the
  // manifest and card are the strings just written.
  const add = (assetName: VersionAsset['name'], path: string, known: { sha256: string; size: number }) => {
    checkAssetSize(assetName, path, known.size);
    assets.push({ name: assetName, path, sha256: known.sha256, size_bytes: known.size });
  };
  const ofText = (text: string) => ({
    sha256: createHash('sha256').update(text).digest('hex'),
    size: Buffer.byteLength(text),
  });
  add('model.onnx', modelPath, { sha256: info.sha256, size: info.sizeBytes });
  add('manifest.json', manifestPath, ofText(manifestText));
  add('model-card.md', cardPath, ofText(card.markdown));
  if (evaluation) {
    add('evaluation.json', request.evaluationPath!, {
      sha256: evaluation.digest.sha256,
      size: evaluation.digest.size_bytes,
    });
  }
  if (comparison) {
    add('comparison.json', request.comparisonPath!, {
      sha256: comparison.digest.sha256,
      size: comparison.digest.size_bytes,
    });
  }
  const outcome = await store.publishVersion(
    { manifest, assets, summary: card.summary, commit: context.commit },
    logger,
  );
  if (outcome === 'unchanged') {
    // An explicit version that already holds this model: the stored manifest is the version's.
    const stored = (await store.readManifest(name, version)) ?? manifest;
    return { outcome, manifest: stored, previous: previousOf(existing, version), assets: [] };
  }
  return { outcome, manifest, previous: previousOf(existing, version), assets };
}

/** A listed version's manifest; a version without one was edited by hand (its manifest.json asset removed). */
async function requireManifest(
  store: RegistryStore,
  name: string,
  version: string,
  tag: string,
): Promise<Manifest> {
  const manifest = await store.readManifest(name, version);
  if (manifest) return manifest;
  throw new ConfigurationError(
    `${tag} in ${store.description} has no readable manifest.json (the asset was removed or edited by hand): ` +
      'mlgate cannot compare this model with it. Restore the asset from the workflow artifact of the run that recorded it, or give --version explicitly.',
  );
}

/** The highest version below `version` (versions are sorted by semver). */
function previousOf(versions: { version: string }[], version: string): string | null {
  const below = versions.filter((v) => compareVersions(v.version, version) < 0);
  return below.at(-1)?.version ?? null;
}
