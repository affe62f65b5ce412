import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { ConfigurationError, getErrorMessage } from '../../core/errors.js';
import {
  runReleaseJob,
  runStageJob,
  runVersionsJob,
  type StageResult,
} from '../../core/jobs/registry-job.js';
import type { Logger } from '../../core/logger.js';
import { mergeCardSections, readCardSections } from '../../core/registry/card-sections.js';
import { sha256File } from '../../core/registry/digest.js';
import { LocalRegistryStore } from '../../core/registry/local-store.js';
import { fetchModel, resolveStage } from '../../core/registry/stages.js';
import type { RegistryStore } from '../../core/registry/types.js';
import { releaseMarkdown, stageMarkdown, versionsMarkdown } from '../../core/report/registry-markdown.js';
import { getActionsLogger } from '../../github/action-logger.js';
import { isGitHubSideEffectError } from '../../github/drift-issue.js';
import {
  createGitHubClient,
  readActionsContext,
  type ActionsContext,
  type GitHubClient,
} from '../../github/octokit.js';
import { writeJobSummary } from '../../github/summary.js';
import { getInputs, type RecordReleaseInputs } from './inputs.js';

interface Opened {
  store: RegistryStore;
  client?: GitHubClient;
}

async function openStore(
  inputs: RecordReleaseInputs,
  context: ActionsContext,
  cwd: string,
  logger: Logger,
): Promise<Opened> {
  if (inputs.registry !== 'github') return { store: new LocalRegistryStore(inputs.registry, {}, cwd) };
  if (!context.repository) {
    throw new ConfigurationError(
      'GITHUB_REPOSITORY is not set: the github registry needs the repository (owner/name).',
    );
  }
  const token = inputs.token ?? process.env.GITHUB_TOKEN;
  if (!token) {
    throw new ConfigurationError(
      'Input "token" is empty: the github registry needs a token with `permissions: contents: write` (default ${{ github.token }}).',
    );
  }
  core.setSecret(token);
  const client = createGitHubClient({ token, logger });
  // Loaded here: a local registry never loads the GitHub store.
  const { GitHubRegistryStore } = await import('../../github/registry/github-store.js');
  return { store: new GitHubRegistryStore(client, context.repository), client };
}

async function sideEffect(what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    // A failed side effect is a warning; the registry change stands (STYLE: actions/cache's habit).
    if (isGitHubSideEffectError(error)) core.warning(`${what}: ${getErrorMessage(error)}`);
    else throw error;
  }
}

async function recordDeploymentFor(
  result: StageResult,
  inputs: RecordReleaseInputs,
  opened: Opened,
  context: ActionsContext,
  logger: Logger,
): Promise<void> {
  if (!inputs.environment) return;
  if (!opened.client || !context.repository) {
    core.warning(
      'Input "environment" records a GitHub Deployment, which needs the github registry: skipped.',
    );
    return;
  }
  const manifest = await opened.store.readManifest(result.name, result.version);
  await sideEffect(`The deployment to ${inputs.environment} was not recorded`, async () => {
    const { recordDeployment } = await import('../../github/registry/deployment.js');
    const deployment = await recordDeployment(
      opened.client!,
      context.repository!,
      {
        environment: inputs.environment!,
        ref: `${result.name}@v${result.version}`,
        model: result.name,
        version: result.version,
        sha256: manifest?.model.sha256 ?? '',
        stage: result.stage,
        logUrl: context.runUrl,
        environmentUrl: inputs.environmentUrl,
        productionEnvironment: result.stage === 'production' || inputs.environment === 'production',
        runId: process.env.GITHUB_RUN_ID,
        runAttempt: process.env.GITHUB_RUN_ATTEMPT,
      },
      logger,
    );
    core.setOutput('deployment-id', String(deployment.id));
    core.info(
      `Deployment ${deployment.id} to ${inputs.environment}${deployment.reused ? ' (recorded by an earlier attempt)' : ''}.`,
    );
  });
}

function setStageOutputs(result: StageResult): void {
  core.setOutput('stage', result.stage);
  core.setOutput('version', result.version);
  core.setOutput('from-version', result.from ?? '');
  core.setOutput('stage-tag', result.tag);
  core.setOutput('changed', String(result.outcome === 'assigned'));
}

export async function run(): Promise<void> {
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = getInputs();
  const logger = getActionsLogger();
  const context = readActionsContext();
  const opened = await openStore(inputs, context, cwd, logger);
  const { store } = opened;
  const by = process.env.GITHUB_ACTOR || null;
  const runId = context.runId !== undefined ? String(context.runId) : null;
  const at = (p: string | undefined) => (p === undefined ? undefined : resolve(cwd, p));
  const summaries: string[] = [];

  if (inputs.operation === 'release') {
    if (inputs.attest) {
      // Fail before publishing: the attestation needs an OIDC token the job may not have.
      (await import('../../github/registry/attest.js')).checkAttestationEnvironment(inputs.name);
    }
    const cardSections = mergeCardSections(inputs.card ? await readCardSections(at(inputs.card)!) : [], {
      intendedUse: inputs.intendedUse,
      limitations: inputs.limitations,
    });
    const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'mlgate-release-'));
    try {
      const { result, resultPath, assets } = await runReleaseJob(
        store,
        {
          name: inputs.name,
          modelPath: at(inputs.model)!,
          bump: inputs.bump,
          version: inputs.version,
          evaluationPath: at(inputs.evaluation),
          comparisonPath: at(inputs.comparison),
          dataPaths: inputs.data.map((p) => at(p)!),
          referenceDataPaths: inputs.referenceData.map((p) => at(p)!),
          configPath: at(inputs.config),
          cardSections,
        },
        {
          cwd,
          workDir,
          repository: context.repository ? `${context.repository.owner}/${context.repository.repo}` : null,
          commit: context.pullRequest?.headSha ?? context.sha ?? null,
          ref: context.ref ?? null,
          runUrl: context.runUrl ?? null,
          now: () => new Date(),
        },
        inputs.outputDir,
        logger,
      );
      const releaseUrl =
        store.kind === 'github' && context.repository
          ? `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/releases/tag/${encodeURIComponent(result.tag)}`
          : undefined;
      core.info(`${result.tag}: ${result.outcome} in ${store.description}.`);
      core.setOutput('version', result.version);
      core.setOutput('tag', result.tag);
      core.setOutput('outcome', result.outcome);
      core.setOutput('sha256', result.sha256);
      core.setOutput('previous-version', result.previous_version ?? '');
      core.setOutput('release-url', releaseUrl ?? '');
      core.setOutput('result-path', resultPath);
      core.setOutput('result', JSON.stringify(result));
      summaries.push(releaseMarkdown(result, releaseUrl));

      if (inputs.artifact && assets.length > 0) {
        const { artifactName, uploadVersionArtifact } = await import('../../github/registry/artifact.js');
        try {
          const uploaded = await uploadVersionArtifact(
            {
              name: artifactName(result.name, result.version),
              files: assets.map((a) => ({ name: a.name, path: a.path })),
              retentionDays: inputs.artifactRetentionDays,
            },
            logger,
          );
          if (uploaded.uploaded) {
            core.setOutput('artifact-id', String(uploaded.id));
            core.info(`Workflow artifact ${artifactName(result.name, result.version)} (id ${uploaded.id}).`);
          } else {
            core.info(`Workflow artifact not uploaded: ${uploaded.reason}.`);
          }
        } catch (error) {
          if (error instanceof ConfigurationError) throw error;
          core.warning(`The workflow artifact was not uploaded: ${getErrorMessage(error)}`);
        }
      }
      if (inputs.attest) {
        const { attestVerdict } = await import('../../github/registry/attest.js');
        const manifest = (await store.readManifest(result.name, result.version))!;
        const token = inputs.token ?? process.env.GITHUB_TOKEN ?? '';
        try {
          const attestation = await attestVerdict(
            {
              model: result.name,
              version: result.version,
              sha256: result.sha256,
              verdict: manifest.verdict,
              metrics: manifest.metrics,
              evaluationSha256: manifest.evaluation?.sha256,
              comparisonSha256: manifest.comparison?.sha256,
              runUrl: context.runUrl,
            },
            { token, logger },
          );
          if (attestation.url) core.setOutput('attestation-url', attestation.url);
          core.info(
            `Attestation of ${result.tag}'s verdict: ${attestation.url ?? attestation.attestationId ?? 'stored'}.`,
          );
        } catch (error) {
          if (!isGitHubSideEffectError(error)) throw error;
          // The version is published; the attestation the workflow asked for is missing: fail the step.
          throw new ConfigurationError(
            `${result.tag} is recorded, but its attestation failed: ${getErrorMessage(error)}`,
            { cause: error },
          );
        }
      }
      if (inputs.stage) {
        const promoted = await runStageJob(
          store,
          'promote',
          { name: result.name, version: result.version, stage: inputs.stage, by, run: runId },
          cwd,
          inputs.outputDir,
          logger,
        );
        setStageOutputs(promoted.result);
        core.setOutput('version', result.version);
        summaries.push(stageMarkdown(promoted.result));
        await recordDeploymentFor(promoted.result, inputs, opened, context, logger);
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  } else if (inputs.operation === 'promote' || inputs.operation === 'rollback') {
    const { result, resultPath } = await runStageJob(
      store,
      inputs.operation,
      { name: inputs.name, version: inputs.version, stage: inputs.stage!, by, run: runId },
      cwd,
      inputs.outputDir,
      logger,
    );
    core.info(
      result.outcome === 'unchanged'
        ? `${result.name} ${result.stage} stays ${result.version}.`
        : `${result.name} ${result.stage} → ${result.version}${result.from ? ` (was ${result.from})` : ''}: ${result.tag}.`,
    );
    setStageOutputs(result);
    core.setOutput('tag', `${result.name}@v${result.version}`);
    core.setOutput('result-path', resultPath);
    core.setOutput('result', JSON.stringify(result));
    summaries.push(stageMarkdown(result));
    await recordDeploymentFor(result, inputs, opened, context, logger);
  } else if (inputs.operation === 'versions') {
    const { result, resultPath } = await runVersionsJob(store, inputs.name, cwd, inputs.outputDir);
    core.setOutput('latest', result.latest ?? '');
    core.setOutput('stages', JSON.stringify(result.stages));
    core.setOutput('result-path', resultPath);
    core.setOutput('result', JSON.stringify(result));
    summaries.push(versionsMarkdown(result));
  } else {
    // resolve: the stage's version, its model downloaded (cached by sha256) and verified.
    const resolved = await resolveStage(store, inputs.name, inputs.stage!);
    const { getModelCache } = await import('../../github/registry/model-cache.js');
    const destination = resolve(
      cwd,
      inputs.outputDir,
      'models',
      `${resolved.name.replace(/\//g, '_')}-v${resolved.version}.onnx`,
    );
    const fetched = await fetchModel(
      store,
      resolved.manifest,
      destination,
      logger,
      getModelCache(logger),
      sha256File,
    );
    core.info(
      `${resolved.name} ${resolved.stage} is ${resolved.version}: ${fetched.path}${fetched.fromCache ? ' (from the cache)' : ''}.`,
    );
    core.setOutput('version', resolved.version);
    core.setOutput('tag', resolved.manifest.tag);
    core.setOutput('sha256', resolved.manifest.model.sha256);
    core.setOutput('model-path', fetched.path);
    core.setOutput('stage', resolved.stage);
  }
  if (inputs.summary && summaries.length > 0) await writeJobSummary(summaries.join('\n'));
}
