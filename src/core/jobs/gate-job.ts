/**
 * The gate job (`mlgate gate`, action gate): reads the result files given, decides under the policy,
 * writes verdict.json and verdict.md. Posting the verdict to GitHub (check run, comment) is the
 * entry's business: this job has no effects beyond the output folder.
 */
import { resolve } from 'node:path';
import { removeStaleResults, toJson, writeFilesAtomically } from '../io/write-files.js';
import type { Logger } from '../logger.js';
import { readGateInputs, type GateInputPaths, type GateInputs } from '../gate/inputs.js';
import { resolveGatePolicy, type GatePolicyInput, type PolicyKeyNames } from '../gate/policy.js';
import { decideGate, defaultGateName, type GateVerdict, type OverrideRequest } from '../gate/verdict.js';
import { GATE_SUMMARY_LIMIT, renderGateMarkdown } from '../report/gate-markdown.js';

export const VERDICT_FILE = 'verdict.json';
export const VERDICT_MARKDOWN_FILE = 'verdict.md';

export interface GateJobRequest {
  cwd: string;
  outDir: string;
  /** Result files, relative to cwd; any subset, at least one. */
  paths: GateInputPaths;
  policy?: GatePolicyInput;
  /** Where the policy came from, recorded in verdict.json. */
  policySource?: 'default' | 'inputs' | 'config';
  /** How policy keys are named in messages (`input "drift-policy"`, `--inconclusive`). */
  policyNames?: PolicyKeyNames;
  /** The model's name (default: from the result files). */
  name?: string;
  /** An override asked for (input or label), decided by the entry. */
  override?: OverrideRequest;
  /** The workflow run's page, linked from verdict.md. */
  runUrl?: string;
  now?: () => Date;
}

export interface GateJobOutcome {
  verdict: GateVerdict;
  inputs: GateInputs;
  resultPath: string;
  markdownPath: string;
  /** verdict.md (within the job summary's limit). */
  markdown: string;
}

/** Removes an earlier run's verdict first, so a run that stops on a mistake leaves none behind. */
export async function removeStaleGate(cwd: string, outDir: string): Promise<void> {
  await removeStaleResults([VERDICT_FILE, VERDICT_MARKDOWN_FILE].map((f) => resolve(cwd, outDir, f)));
}

export async function runGateJob(request: GateJobRequest, logger: Logger): Promise<GateJobOutcome> {
  const resultPath = resolve(request.cwd, request.outDir, VERDICT_FILE);
  const markdownPath = resolve(request.cwd, request.outDir, VERDICT_MARKDOWN_FILE);
  await removeStaleGate(request.cwd, request.outDir);
  const policy = resolveGatePolicy(request.policy ?? {}, request.policyNames);
  const inputs = await readGateInputs(request.paths, request.cwd);
  const name = request.name?.trim() || defaultGateName(inputs);
  const verdict = decideGate(inputs, policy, {
    name,
    policySource: request.policySource,
    override: request.override,
    now: request.now,
  });
  const markdown = renderGateMarkdown(verdict, {
    inputs,
    limit: GATE_SUMMARY_LIMIT,
    unit: 'bytes',
    runUrl: request.runUrl,
    artifactHint: resultPath,
  });
  await writeFilesAtomically([
    { path: resultPath, content: toJson(verdict) },
    { path: markdownPath, content: markdown },
  ]);
  for (const r of verdict.reasons) logger.debug(`gate ${r.status} (${r.source}): ${r.message}`);
  return { verdict, inputs, resultPath, markdownPath, markdown };
}
