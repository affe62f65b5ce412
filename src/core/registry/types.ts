/**
 * The registry's data: what one model version holds (its manifest), how stages are assigned, and the
 * store contract both stores (a local folder, GitHub Releases) keep. See docs/registry.md.
 */
import type { Logger } from '../logger.js';

/** One input or output of the model, as the ONNX file declares it (read without ONNX Runtime). */
export interface SignatureValue {
  name: string;
  kind: 'tensor' | 'sequence' | 'map' | 'optional' | 'unknown';
  /** ORT's element type name for tensors: float32, int64, string, ... */
  dtype?: string;
  /** number = fixed size, string = symbolic (e.g. "N"), null = unknown; absent = any rank. */
  shape?: (number | string | null)[];
  /** e.g. "tensor(float32)[N, 30]" or "seq(map(int64, float32))". */
  description: string;
}

export interface ModelSignatureRecord {
  inputs: SignatureValue[];
  outputs: SignatureValue[];
  /** Class names in the order of the model's probability columns, when the evaluation knew them. */
  classes?: string[];
}

export interface FileDigest {
  /** As given (relative to the working directory when it was inside it). */
  path: string;
  sha256: string;
  size_bytes: number;
}

export type Verdict = 'pass' | 'fail' | 'inconclusive';
export type BumpKind = 'major' | 'minor' | 'patch';

/** A user-supplied section of the model card (intended use, limitations, ...). */
export interface CardSection {
  title: string;
  /** Markdown. */
  body: string;
}

/** manifest.json: everything the registry knows about one version. Keys are snake_case like the result files. */
export interface Manifest {
  schemaVersion: 1;
  name: string;
  /** Semantic version without the leading v: "1.4.0". */
  version: string;
  /** `<name>@v<version>` (GTO's notation). */
  tag: string;
  model: {
    file: 'model.onnx';
    sha256: string;
    size_bytes: number;
    ir_version: number;
    opsets: { domain: string; version: number }[];
    producer: { name: string; version: string };
    graph_name: string;
    /** The ONNX file's metadata_props. */
    metadata: Record<string, string>;
    signature: ModelSignatureRecord;
  };
  /** From evaluation.json when given. */
  task: 'binary' | 'multiclass' | 'regression' | null;
  /** Scalar metrics of the evaluation (null: not computable, with the evaluation's reason there). */
  metrics: Record<string, number | null>;
  evaluation: { file: 'evaluation.json'; sha256: string; passed: boolean; rows: number } | null;
  comparison: {
    file: 'comparison.json';
    sha256: string;
    verdict: Verdict;
    /** What the candidate was compared with, e.g. "churn@v1.3.0" or a file name. */
    baseline: string | null;
  } | null;
  /** The comparison's verdict, else pass/fail from the evaluation's thresholds, else null. */
  verdict: Verdict | null;
  /** The data files the evaluation (and comparison) read. */
  data: FileDigest[];
  /**
   * The reference data of the version (its training data): what drift-check compares current data with
   * (`--reference-from <name>#<stage>`). Recorded by path and sha256; the files stay where they are.
   */
  reference_data: FileDigest[];
  /** The mlgate.yml used, when one was, with its text (up to 256 KiB). */
  config: (FileDigest & { content?: string }) | null;
  git: { repository: string | null; commit: string | null; ref: string | null };
  workflow_run_url: string | null;
  onnxruntime_version: string | null;
  created_at: string;
  /** How the version number was chosen. */
  bump: { kind: BumpKind | 'explicit'; from: string | null; breaking_changes: string[] };
  card_sections: CardSection[];
}

/** The files of a version, by their asset names. model.onnx and manifest.json are always there. */
export type AssetName =
  'model.onnx' | 'manifest.json' | 'model-card.md' | 'evaluation.json' | 'comparison.json';

export interface VersionAsset {
  name: AssetName;
  /** Where the bytes are on this machine. */
  path: string;
  sha256: string;
  size_bytes: number;
}

/** What publishVersion stores: the manifest plus the files, each with the digest it must have. */
export interface VersionBundle {
  manifest: Manifest;
  assets: VersionAsset[];
  /** Release body / summary: the model card's summary. */
  summary: string;
  /** The commit the version belongs to (GitHub: the tag's target). */
  commit: string | null;
}

/** One published version as a store lists it. */
export interface VersionRecord {
  name: string;
  version: string;
  tag: string;
  /** The model's sha256. */
  sha256: string;
  size_bytes: number;
  created_at: string;
  /** Release page or folder. */
  location: string;
  assets: { name: string; size_bytes: number }[];
}

/** One stage assignment: GTO's `<name>#<stage>#<n>`. */
export interface StageAssignment {
  name: string;
  stage: string;
  version: string;
  /** Counter of assignments of this stage to this model, from 1. */
  n: number;
  /** A rollback moves the stage back to the version before the current one. */
  kind: 'promote' | 'rollback';
  at: string;
  by: string | null;
  /** The workflow run (or CLI session) that recorded it: a rerun of the same run does not roll back twice. */
  run: string | null;
  tag: string;
}

export type PublishOutcome =
  /** A new version, published now. */
  | 'created'
  /** A draft (or a half-made local folder) of an earlier run was completed. */
  | 'resumed'
  /** The version exists with the same model: nothing to do. */
  | 'unchanged';

/**
 * The registry store contract. Both stores pass one contract suite (test/contract/registry-store.ts).
 * User mistakes and refusals throw ConfigurationError; versions are immutable once published.
 */
export interface RegistryStore {
  readonly kind: 'local' | 'github';
  /** "the local registry .mlgate/registry" or "GitHub Releases of octo/models": for messages. */
  readonly description: string;
  /** Published versions of a model, lowest semver first. */
  listVersions(name: string): Promise<VersionRecord[]>;
  /** The published version's manifest, or undefined when the version does not exist. */
  readManifest(name: string, version: string): Promise<Manifest | undefined>;
  /**
   * Stores a version all or nothing: staged (a draft), every asset verified (size and sha256), then
   * published. An unpublished attempt of an earlier run is resumed. A published version with the same
   * model sha256 is left alone ('unchanged'); with another model it is refused (ConfigurationError).
   */
  publishVersion(bundle: VersionBundle, logger: Logger): Promise<PublishOutcome>;
  /** Copies an asset of a published version to `destination`, verifying the sha256 the manifest gives. */
  downloadAsset(
    name: string,
    version: string,
    asset: AssetName,
    destination: string,
    sha256: string,
  ): Promise<void>;
  /** Every stage assignment of the model, by stage name, then by n (the order they were made in). */
  listAssignments(name: string): Promise<StageAssignment[]>;
  /** Records one assignment with the next free n for (name, stage); returns what was recorded. */
  assignStage(
    assignment: Omit<StageAssignment, 'n' | 'tag' | 'at'> & { at?: string },
    logger: Logger,
  ): Promise<StageAssignment>;
}
